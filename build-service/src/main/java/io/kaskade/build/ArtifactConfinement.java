package io.kaskade.build;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.model.config.Artifact;
import io.kaskade.service.confine.ConfinementException;
import io.kaskade.service.confine.PathGuard;
import io.kaskade.service.confine.ToolFlags;
import java.nio.file.Path;

/**
 * Checks, before any builder runs, that an artifact of an untrusted repository reads only its own
 * checkout: the context tree (what the Docker engine and Kaniko upload, what the input digest and
 * custom dependencies hash) holds no symbolic link that leaves the checkout, the Dockerfiles it
 * names stay inside, docker {@code cliFlags} are on {@link ToolFlags#DOCKER_BUILD}, and docker
 * {@code cacheFrom} names images only (not a BuildKit {@code type=local,src=} host folder).
 *
 * <p>A refusal is a {@link BuildFailure} with {@link ConfinementException#CODE}, naming the path or
 * flag; since it comes before tagging, caching and building, nothing is built or pushed.
 */
final class ArtifactConfinement {

    private ArtifactConfinement() {}

    /** The artifact's context, confined; every check of the artifact passed. */
    static Path confine(PathGuard checkout, Artifact artifact) throws BuildFailure {
        String what = " of " + artifact.image();
        try {
            Path context = checkout.resolveTree("context" + what, artifact.contextOrDefault());
            String contextName = checkout.display(context);
            if (artifact.docker() != null) {
                checkout.resolve(
                        "dockerfile" + what, join(contextName, artifact.docker().dockerfileOrDefault()));
                ToolFlags.DOCKER_BUILD.check(artifact.docker().cliFlags());
                for (String cache : artifact.docker().cacheFrom()) {
                    // BuildKit reads 'type=local,src=/path' from the build host; only image references are allowed.
                    if (cache == null || cache.contains("=") || cache.contains(",")) {
                        throw new ConfinementException(
                                String.valueOf(cache),
                                "docker cacheFrom" + what + ": '" + cache + "' is not an image reference",
                                "List images to take cache layers from, e.g. "
                                        + "127.0.0.1:5000/app:latest; cache exporters and local folders are refused.");
                    }
                }
            }
            if (artifact.kaniko() != null) {
                String root = join(contextName, artifact.kaniko().contextSubPath());
                checkout.resolve("kaniko contextSubPath" + what, root);
                String dockerfile = artifact.kaniko().dockerfile();
                checkout.resolve(
                        "kaniko dockerfile" + what,
                        join(root, dockerfile == null || dockerfile.isBlank() ? "Dockerfile" : dockerfile));
            }
            if (artifact.custom() != null
                    && artifact.custom().dependencies() != null
                    && artifact.custom().dependencies().dockerfile() != null
                    && artifact.custom().dependencies().dockerfile().path() != null) {
                checkout.resolve(
                        "custom dependencies dockerfile" + what,
                        join(
                                contextName,
                                artifact.custom().dependencies().dockerfile().path()));
            }
            return context;
        } catch (ConfinementException e) {
            throw new BuildFailure(ConfinementException.CODE, e.getMessage(), e.suggestion());
        }
    }

    /** {@code child} relative to the folder {@code parent}, both as the config writes them. */
    private static String join(String parent, String child) {
        if (child == null || child.isBlank()) {
            return parent;
        }
        if (child.startsWith("/")) {
            return child; // absolute: refused by the guard as it is written
        }
        return parent.equals(".") ? child : parent + "/" + child;
    }
}
