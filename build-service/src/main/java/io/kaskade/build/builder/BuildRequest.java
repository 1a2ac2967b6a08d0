package io.kaskade.build.builder;

import java.nio.file.Path;
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
 */
public record BuildRequest(String image, String tag, Path context, List<String> platforms, Map<String, String> variables,
        Map<String, String> requiredImages, BuildLog log) {

    public BuildRequest {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        requiredImages = requiredImages == null ? Map.of() : Map.copyOf(requiredImages);
    }

    /** A request for an artifact that requires no other artifact. */
    public BuildRequest(String image, String tag, Path context, List<String> platforms, Map<String, String> variables, BuildLog log) {
        this(image, tag, context, platforms, variables, Map.of(), log);
    }

    /** {@code image:tag}. */
    public String reference() {
        return image + ":" + tag;
    }
}
