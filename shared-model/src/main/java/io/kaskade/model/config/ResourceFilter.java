package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code ResourceFilter} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceFilter(
        @JsonProperty("groupKind") @Required String groupKind,
        @JsonProperty("image") List<String> image,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("podSpec") List<String> podSpec) {

    public ResourceFilter {
        image = image == null ? List.of() : List.copyOf(image);
        labels = labels == null ? List.of() : List.copyOf(labels);
        podSpec = podSpec == null ? List.of() : List.copyOf(podSpec);
    }
}
