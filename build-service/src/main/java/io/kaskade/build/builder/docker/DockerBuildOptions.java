package io.kaskade.build.builder.docker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A classic-builder build as {@link DockerBuildEngine} runs it, in project types only.
 *
 * @param dockerfile the Dockerfile, inside the context
 * @param buildArgs {@code --build-arg}s, values already resolved
 * @param target the stage to stop at, or null
 * @param network {@code host} or {@code none}
 * @param noCache build without the layer cache
 * @param pullParent pull the base image even when the engine has it
 * @param cacheFrom images to use as cache sources
 * @param extraHosts {@code host:ip} entries for {@code /etc/hosts}
 */
public record DockerBuildOptions(
        Path dockerfile,
        Map<String, String> buildArgs,
        String target,
        String network,
        boolean noCache,
        boolean pullParent,
        List<String> cacheFrom,
        List<String> extraHosts) {

    public DockerBuildOptions {
        buildArgs = buildArgs == null ? Map.of() : Map.copyOf(buildArgs);
        cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    }
}
