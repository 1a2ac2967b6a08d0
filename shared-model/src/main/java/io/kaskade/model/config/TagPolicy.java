package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code build.tagPolicy}: how built images are tagged (at most one tagger); {@code gitCommit} when not set. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TagPolicy(
        @JsonProperty("gitCommit") @OneOf("tag") GitTagger gitCommit,
        @JsonProperty("sha256") @OneOf("tag") ShaTagger sha256,
        @JsonProperty("envTemplate") @OneOf("tag") EnvTemplateTagger envTemplate,
        @JsonProperty("dateTime") @OneOf("tag") DateTimeTagger dateTime,
        @JsonProperty("customTemplate") @OneOf("tag") CustomTemplateTagger customTemplate,
        @JsonProperty("inputDigest") @OneOf("tag") InputDigest inputDigest) {

    /** A git-commit tag policy. */
    public TagPolicy(GitTagger gitCommit) {
        this(gitCommit, null, null, null, null, null);
    }
}
