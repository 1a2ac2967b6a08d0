package io.kaskade.test.engine;

import java.util.List;
import java.util.Map;

/**
 * The parts of an image's config the metadata test checks.
 *
 * @param env the environment, in image order, as {@code KEY=value}
 * @param entrypoint empty when the image has none
 * @param exposedPorts as {@code 80/tcp}
 */
public record ImageConfig(
        List<String> env,
        List<String> entrypoint,
        List<String> cmd,
        List<String> volumes,
        String workdir,
        List<String> exposedPorts,
        Map<String, String> labels,
        String user) {

    public ImageConfig {
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        workdir = workdir == null ? "" : workdir;
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        user = user == null ? "" : user;
    }

    /** The environment as a map; for a key written twice the last value wins, as in a container. */
    public Map<String, String> envMap() {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                map.put(entry, "");
            } else {
                map.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return map;
    }
}
