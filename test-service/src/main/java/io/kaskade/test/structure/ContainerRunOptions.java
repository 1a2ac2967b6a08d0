package io.kaskade.test.structure;

import java.util.List;

/**
 * {@code containerRunOptions}: how the containers of command tests are started.
 *
 * <p>Kaskade supports {@code user}, {@code allocateTty}, {@code envVars} (names of variables copied
 * from the test service's own environment) and {@code envFile} (a file in the repository, relative to
 * its root). {@code privileged}, {@code capabilities} and {@code bindMounts} give a tested image
 * access to the machine the service runs on, so a file that asks for them is rejected.
 */
public record ContainerRunOptions(
        String user,
        boolean privileged,
        boolean allocateTty,
        List<String> envVars,
        String envFile,
        List<String> capabilities,
        List<String> bindMounts) {

    public static final ContainerRunOptions NONE = new ContainerRunOptions(null, false, false, null, null, null, null);

    public ContainerRunOptions {
        user = user == null ? "" : user;
        envVars = Lists.of(envVars);
        envFile = envFile == null ? "" : envFile;
        capabilities = Lists.of(capabilities);
        bindMounts = Lists.of(bindMounts);
    }
}
