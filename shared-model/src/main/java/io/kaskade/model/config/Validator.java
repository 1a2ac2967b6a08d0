package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code Validator} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Validator(
        @JsonProperty("name") @Required String name,
        @JsonProperty("configMap") List<String> configMap) {

    public Validator {
        configMap = configMap == null ? List.of() : List.copyOf(configMap);
    }
}
