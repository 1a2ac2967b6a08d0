package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code build.tagPolicy}: how built images are tagged; {@code gitCommit} when not set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagPolicy(GitTagger gitCommit) {}
