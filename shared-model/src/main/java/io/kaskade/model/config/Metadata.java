package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code metadata}: the config's name, by which {@code requires.configs} selects it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Metadata(
        @JsonProperty("name") String name,
        @JsonProperty("labels") Map<String, String> labels,
        @JsonProperty("annotations") Map<String, String> annotations) {}
