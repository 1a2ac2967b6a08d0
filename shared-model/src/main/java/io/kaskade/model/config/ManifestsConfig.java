package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code manifests} (Skaffold's {@code RenderConfig}): the Kubernetes manifests to render. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ManifestsConfig(
        @JsonProperty("rawYaml") List<String> rawYaml,
        @JsonProperty("remoteManifests") List<RemoteManifest> remoteManifests,
        @JsonProperty("kustomize") Kustomize kustomize,
        @JsonProperty("helm") Helm helm,
        @JsonProperty("kpt") List<String> kpt,
        @JsonProperty("hooks") RenderHooks hooks,
        @JsonProperty("transform") List<Transformer> transform,
        @JsonProperty("validate") List<Validator> validate,
        @JsonProperty("output") String output) {

    public ManifestsConfig {
        rawYaml = rawYaml == null ? List.of() : List.copyOf(rawYaml);
        remoteManifests = remoteManifests == null ? List.of() : List.copyOf(remoteManifests);
        kpt = kpt == null ? List.of() : List.copyOf(kpt);
        transform = transform == null ? List.of() : List.copyOf(transform);
        validate = validate == null ? List.of() : List.copyOf(validate);
    }

    /** Raw manifests only. */
    public ManifestsConfig(List<String> rawYaml) {
        this(rawYaml, null, null, null, null, null, null, null, null);
    }
}
