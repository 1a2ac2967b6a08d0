package io.kaskade.model.tag;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a tagger may look at for one artifact.
 *
 * @param imageName the artifact's image name as the config writes it, without tag
 * @param workspace the artifact's build context directory on disk (inside a git work tree for the git tagger)
 * @param variables the run's variables, the stand-in for Skaffold's environment in template taggers
 * @param dockerfile the artifact's Dockerfile relative to the workspace, for the input digest;
 *     {@code Dockerfile} when null
 */
public record TagInput(String imageName, Path workspace, Map<String, String> variables, String dockerfile) {

    public TagInput {
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(workspace, "workspace");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
    }

    public TagInput(String imageName, Path workspace, Map<String, String> variables) {
        this(imageName, workspace, variables, null);
    }
}
