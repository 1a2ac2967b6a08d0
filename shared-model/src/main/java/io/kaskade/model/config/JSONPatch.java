package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** {@code profiles[].patches[]}: one RFC 6902 operation; {@code op} defaults to {@code replace}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record JSONPatch(
        @JsonProperty("op") String op,
        @JsonProperty("path") @Required String path,
        @JsonProperty("from") String from,
        @JsonProperty("value") JsonNode value) {}
