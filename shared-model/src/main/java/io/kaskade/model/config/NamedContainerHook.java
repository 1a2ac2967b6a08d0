package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code NamedContainerHook} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NamedContainerHook(
        @JsonProperty("command") @Required List<String> command,
        @JsonProperty("podName") @Required String podName,
        @JsonProperty("containerName") String containerName) {

    public NamedContainerHook {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
