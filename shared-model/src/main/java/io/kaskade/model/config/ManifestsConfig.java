package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code manifests}: the Kubernetes manifests to render. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ManifestsConfig(List<String> rawYaml) {
    public ManifestsConfig {
        rawYaml = rawYaml == null ? List.of() : List.copyOf(rawYaml);
    }
}
