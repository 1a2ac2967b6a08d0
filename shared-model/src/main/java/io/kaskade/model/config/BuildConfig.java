package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code build}: what to build, how to tag it, and where builds run (at most one of
 * {@code local}, {@code googleCloudBuild}, {@code cluster}).
 *
 * <p>{@code tagPolicy} is Skaffold's single policy or, beyond Skaffold, a list of policies: each one
 * gives the same image another tag. A single policy is written back as a single object, so a
 * Skaffold config reads and prints as before.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BuildConfig(
        @JsonProperty("hooks") BuildHooks hooks,
        @JsonProperty("artifacts") List<Artifact> artifacts,
        @JsonProperty("insecureRegistries") List<String> insecureRegistries,

        @JsonProperty("tagPolicy")
        @SingleOrList
        @JsonFormat(
                with = {
                    JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                    JsonFormat.Feature.WRITE_SINGLE_ELEM_ARRAYS_UNWRAPPED
                })
        List<TagPolicy> tagPolicies,

        @JsonProperty("platforms") List<String> platforms,
        @JsonProperty("local") @OneOf("build") LocalBuild local,
        @JsonProperty("googleCloudBuild") @OneOf("build") GoogleCloudBuild googleCloudBuild,
        @JsonProperty("cluster") @OneOf("build") ClusterDetails cluster) {

    public BuildConfig {
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        tagPolicies = tagPolicies == null ? List.of() : List.copyOf(tagPolicies);
    }

    /** The first tag policy, the one whose tag {@code ImagePushed.image} carries; null when none is set. */
    public TagPolicy tagPolicy() {
        return tagPolicies.isEmpty() ? null : tagPolicies.get(0);
    }

    /** The fields a local build uses. */
    public BuildConfig(
            List<Artifact> artifacts,
            List<String> insecureRegistries,
            TagPolicy tagPolicy,
            List<String> platforms,
            LocalBuild local) {
        this(
                null,
                artifacts,
                insecureRegistries,
                tagPolicy == null ? null : List.of(tagPolicy),
                platforms,
                local,
                null,
                null);
    }
}
