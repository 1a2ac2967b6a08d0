package io.kaskade.test.structure;

import java.util.List;

/**
 * {@code metadataTest}: checks on the image config (what {@code docker inspect} shows), not its files.
 *
 * @param entrypoint the exact expected entrypoint, or null when not checked ({@code []} checks it is empty)
 * @param cmd the exact expected cmd, or null when not checked
 * @param exposedPorts ports that must be exposed, as {@code 80} or {@code 80/tcp}
 */
public record MetadataTest(
        List<KeyValue> envVars,
        List<KeyValue> unboundEnvVars,
        List<KeyValue> labels,
        List<String> exposedPorts,
        List<String> unexposedPorts,
        List<String> volumes,
        List<String> unmountedVolumes,
        List<String> entrypoint,
        List<String> cmd,
        String workdir,
        String user) {

    public MetadataTest {
        envVars = Lists.of(envVars);
        unboundEnvVars = Lists.of(unboundEnvVars);
        labels = Lists.of(labels);
        exposedPorts = Lists.of(exposedPorts);
        unexposedPorts = Lists.of(unexposedPorts);
        volumes = Lists.of(volumes);
        unmountedVolumes = Lists.of(unmountedVolumes);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        workdir = workdir == null ? "" : workdir;
        user = user == null ? "" : user;
    }

    /** Whether the test checks nothing; an empty metadata test is not run, as in container-structure-test. */
    public boolean isEmpty() {
        return envVars.isEmpty()
                && unboundEnvVars.isEmpty()
                && labels.isEmpty()
                && exposedPorts.isEmpty()
                && unexposedPorts.isEmpty()
                && volumes.isEmpty()
                && unmountedVolumes.isEmpty()
                && entrypoint == null
                && cmd == null
                && workdir.isEmpty()
                && user.isEmpty();
    }
}
