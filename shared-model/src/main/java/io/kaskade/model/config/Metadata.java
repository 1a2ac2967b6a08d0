package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** {@code metadata}: the config's name, by which {@code requires.configs} selects it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Metadata(String name, Map<String, String> labels, Map<String, String> annotations) {}
