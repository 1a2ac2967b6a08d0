package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code build}: what to build, how to tag it, and where builds run. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BuildConfig(
        List<Artifact> artifacts,
        List<String> insecureRegistries,
        TagPolicy tagPolicy,
        List<String> platforms,
        LocalBuild local) {

    public BuildConfig {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }
}
