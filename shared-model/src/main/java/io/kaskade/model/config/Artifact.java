package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code build.artifacts[]}: one image to build. At most one builder field may be set; none means
 * {@code docker} with its defaults, as in Skaffold.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Artifact(String image, String context, DockerArtifact docker) {

    /** The builder that produces this artifact; the one place that tells the builder types apart. */
    @JsonIgnore
    public BuilderSpec builder() {
        List<BuilderSpec> set = new ArrayList<>();
        if (docker != null) {
            set.add(docker);
        }
        if (set.size() > 1) {
            throw new IllegalStateException("artifact '" + image + "' sets more than one builder");
        }
        return set.isEmpty() ? DockerArtifact.DEFAULT : set.get(0);
    }

    /** The build context, {@code .} when not set. */
    @JsonIgnore
    public String contextOrDefault() {
        return context == null || context.isEmpty() ? "." : context;
    }
}
