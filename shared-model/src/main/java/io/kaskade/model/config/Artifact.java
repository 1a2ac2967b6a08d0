package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code build.artifacts[]}: one image to build. At most one builder field may be set (the loader
 * rejects two); none means {@code docker} with its defaults, as in Skaffold.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Artifact(
        @JsonProperty("image") @Required String image,
        @JsonProperty("context") String context,
        @JsonProperty("sync") Sync sync,
        @JsonProperty("requires") List<ArtifactDependency> requires,
        @JsonProperty("hooks") BuildHooks hooks,
        @JsonProperty("platforms") List<String> platforms,
        @JsonProperty("runtimeType") String runtimeType,
        @JsonProperty("docker") @OneOf("artifact") DockerArtifact docker,
        @JsonProperty("bazel") @OneOf("artifact") BazelArtifact bazel,
        @JsonProperty("ko") @OneOf("artifact") KoArtifact ko,
        @JsonProperty("jib") @OneOf("artifact") JibArtifact jib,
        @JsonProperty("kaniko") @OneOf("artifact") KanikoArtifact kaniko,
        @JsonProperty("buildpacks") @OneOf("artifact") BuildpackArtifact buildpacks,
        @JsonProperty("custom") @OneOf("artifact") CustomArtifact custom) {

    public Artifact {
        requires = requires == null ? List.of() : List.copyOf(requires);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    /** A Dockerfile artifact: the shape most tests and services start from. */
    public Artifact(String image, String context, DockerArtifact docker) {
        this(image, context, null, null, null, null, null, docker, null, null, null, null, null, null);
    }

    /** The builder that produces this artifact; the one place that tells the builder types apart. */
    @JsonIgnore
    public BuilderSpec builder() {
        List<BuilderSpec> set = new ArrayList<>();
        for (BuilderSpec spec : new BuilderSpec[] {docker, bazel, ko, jib, kaniko, buildpacks, custom}) {
            if (spec != null) {
                set.add(spec);
            }
        }
        if (set.size() > 1) {
            throw new IllegalStateException("artifact '" + image + "' sets more than one builder: "
                    + set.stream().map(BuilderSpec::builderName).toList());
        }
        return set.isEmpty() ? DockerArtifact.DEFAULT : set.get(0);
    }

    /** The build context, {@code .} when not set. */
    @JsonIgnore
    public String contextOrDefault() {
        return context == null || context.isEmpty() ? "." : context;
    }
}
