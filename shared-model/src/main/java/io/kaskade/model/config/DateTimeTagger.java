package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code DateTimeTagger} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DateTimeTagger(
        @JsonProperty("format") String format,
        @JsonProperty("timezone") String timezone) {}
