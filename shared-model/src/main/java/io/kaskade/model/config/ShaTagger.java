package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The {@code ShaTagger} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ShaTagger() {}
