package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code PlatformEmulatorInstallStep} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PlatformEmulatorInstallStep(
        @JsonProperty("image") @Required String image,
        @JsonProperty("args") List<String> args,
        @JsonProperty("entrypoint") String entrypoint) {

    public PlatformEmulatorInstallStep {
        args = args == null ? List.of() : List.copyOf(args);
    }
}
