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
 */
public record TagInput(String imageName, Path workspace, Map<String, String> variables) {

    public TagInput {
        Objects.requireNonNull(imageName, "imageName");
        Objects.requireNonNull(workspace, "workspace");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
