package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code LogsConfig} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LogsConfig(
        @JsonProperty("prefix") String prefix,
        @JsonProperty("jsonParse") JSONParseConfig jsonParse) {}
