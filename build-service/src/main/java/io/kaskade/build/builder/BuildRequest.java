package io.kaskade.build.builder;

import io.kaskade.core.gocompat.GoTemplate;
import io.kaskade.core.gocompat.GoTemplateException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One image to build.
 *
 * @param image the artifact's image name, without tag
 * @param tag the tag the tagger computed
 * @param context the artifact's build context on disk, inside the run's checkout
 * @param platforms the target platforms of {@code build.platforms}, e.g. {@code linux/amd64}; empty for the engine's own
 * @param variables the run's variables, the environment a builder's own commands see
 * @param requiredImages the images of the artifacts this one {@code requires}, by alias, pushed
 *     references ({@code image:tag@sha256:...}); docker passes them as build args, custom as variables
 * @param log receives every output line of the build, e.g. for the failure's log tail
 * @param push {@code false} for {@code build.local.push: false}: the image stays on this service's
 *     Docker engine, a builder that would push builds into the engine instead
 */
public record BuildRequest(
        String image,
        String tag,
        Path context,
        List<String> platforms,
        Map<String, String> variables,
        Map<String, String> requiredImages,
        BuildLog log,
        boolean push) {

    public BuildRequest {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        requiredImages = requiredImages == null ? Map.of() : Map.copyOf(requiredImages);
    }

    /** A request for an image that is pushed to its registry. */
    public BuildRequest(
            String image,
            String tag,
            Path context,
            List<String> platforms,
            Map<String, String> variables,
            Map<String, String> requiredImages,
            BuildLog log) {
        this(image, tag, context, platforms, variables, requiredImages, log, true);
    }

    /** A request for an artifact that requires no other artifact. */
    public BuildRequest(
            String image,
            String tag,
            Path context,
            List<String> platforms,
            Map<String, String> variables,
            BuildLog log) {
        this(image, tag, context, platforms, variables, Map.of(), log);
    }

    /**
     * The build args a Dockerfile build gets: the images of required artifacts under their aliases, then
     * the artifact's own {@code buildArgs}, whose values may use the run's variables as Go template fields
     * ({@code VERSION: "{{.RELEASE}}"}), as in Skaffold. Args without a value are left out.
     */
    public Map<String, String> buildArgs(Map<String, String> configured) throws BuildFailure {
        Map<String, String> resolved = new LinkedHashMap<>(requiredImages);
        if (configured == null) {
            return resolved;
        }
        for (Map.Entry<String, String> arg : configured.entrySet()) {
            if (arg.getValue() == null) {
                continue;
            }
            try {
                resolved.put(arg.getKey(), GoTemplate.parse(arg.getValue()).execute(variables));
            } catch (GoTemplateException e) {
                throw new BuildFailure(
                        BuildFailure.CONFIG_INVALID,
                        "buildArg " + arg.getKey() + " of " + image + ": " + e.getMessage(),
                        "Define the variable for the run, or remove the template from the build arg.");
            }
        }
        return resolved;
    }

    /** {@code image:tag}. */
    public String reference() {
        return image + ":" + tag;
    }
}
