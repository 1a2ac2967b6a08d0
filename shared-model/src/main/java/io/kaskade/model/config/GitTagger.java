package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code tagPolicy.gitCommit}: tag with git information; {@code variant} defaults to {@code Tags}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record GitTagger(
        @JsonProperty("variant") String variant,
        @JsonProperty("prefix") String prefix,
        @JsonProperty("ignoreChanges") Boolean ignoreChanges) {}
