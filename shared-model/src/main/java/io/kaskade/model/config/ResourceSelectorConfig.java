package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code ResourceSelectorConfig} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceSelectorConfig(
        @JsonProperty("allow") List<ResourceFilter> allow,
        @JsonProperty("deny") List<ResourceFilter> deny) {

    public ResourceSelectorConfig {
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }
}
