package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code CustomTemplateTagger} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CustomTemplateTagger(
        @JsonProperty("template") @Required String template,
        @JsonProperty("components") List<TaggerComponent> components) {

    public CustomTemplateTagger {
        components = components == null ? List.of() : List.copyOf(components);
    }
}
