package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code VerifyContainer} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VerifyContainer(
        @JsonProperty("name") @Required String name,
        @JsonProperty("image") @Required String image,
        @JsonProperty("command") List<String> command,
        @JsonProperty("args") List<String> args,
        @JsonProperty("env") List<VerifyEnvVar> env) {

    public VerifyContainer {
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
    }
}
