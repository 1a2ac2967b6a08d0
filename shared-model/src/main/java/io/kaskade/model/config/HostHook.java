package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code HostHook} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HostHook(
        @JsonProperty("command") @Required List<String> command,
        @JsonProperty("os") List<String> os,
        @JsonProperty("dir") String dir) {

    public HostHook {
        command = command == null ? List.of() : List.copyOf(command);
        os = os == null ? List.of() : List.copyOf(os);
    }
}
