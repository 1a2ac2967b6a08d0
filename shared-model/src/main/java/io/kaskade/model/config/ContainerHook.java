package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code ContainerHook} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerHook(
        @JsonProperty("command") @Required List<String> command) {

    public ContainerHook {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
