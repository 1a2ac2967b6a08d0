package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code Transformer} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Transformer(
        @JsonProperty("name") @Required String name,
        @JsonProperty("configMap") List<String> configMap) {

    public Transformer {
        configMap = configMap == null ? List.of() : List.copyOf(configMap);
    }
}
