package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code RemoteManifest} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RemoteManifest(
        @JsonProperty("manifest") String manifest,
        @JsonProperty("kubeContext") String kubeContext) {}
