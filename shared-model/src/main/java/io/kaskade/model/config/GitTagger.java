package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code tagPolicy.gitCommit}: tag with git information; {@code variant} defaults to {@code Tags}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GitTagger(String variant, String prefix, Boolean ignoreChanges) {}
