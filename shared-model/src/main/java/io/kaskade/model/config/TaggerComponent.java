package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code TaggerComponent} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TaggerComponent(
        @JsonProperty("name") String name,
        @JsonProperty("gitCommit") @OneOf("tag") GitTagger gitCommit,
        @JsonProperty("sha256") @OneOf("tag") ShaTagger sha256,
        @JsonProperty("envTemplate") @OneOf("tag") EnvTemplateTagger envTemplate,
        @JsonProperty("dateTime") @OneOf("tag") DateTimeTagger dateTime,
        @JsonProperty("customTemplate") @OneOf("tag") CustomTemplateTagger customTemplate,
        @JsonProperty("inputDigest") @OneOf("tag") InputDigest inputDigest) {}
