package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code JSONParseConfig} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JSONParseConfig(@JsonProperty("fields") List<String> fields) {

    public JSONParseConfig {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
