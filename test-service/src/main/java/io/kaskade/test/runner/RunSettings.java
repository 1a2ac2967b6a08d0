package io.kaskade.test.runner;

import io.kaskade.test.structure.KeyValue;
import java.util.List;

/**
 * How a file's command tests start their containers, from its {@code globalEnvVars} and
 * {@code containerRunOptions}.
 *
 * @param globalEnvVars set in every command test's container, values expanded from the image's environment
 * @param runOptionEnv {@code KEY=value} entries from {@code containerRunOptions.envFile} and {@code .envVars}
 * @param user {@code containerRunOptions.user}, or empty
 * @param tty {@code containerRunOptions.allocateTty}
 */
public record RunSettings(List<KeyValue> globalEnvVars, List<String> runOptionEnv, String user, boolean tty) {
    public static final RunSettings DEFAULT = new RunSettings(List.of(), List.of(), "", false);

    public RunSettings {
        globalEnvVars = List.copyOf(globalEnvVars);
        runOptionEnv = List.copyOf(runOptionEnv);
        user = user == null ? "" : user;
    }
}
