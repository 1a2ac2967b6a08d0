package io.kaskade.test.runner;

import io.kaskade.test.engine.HostGrants;
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
 * @param runtime the container runtime ({@code --runtime}), or empty for the engine's default
 * @param grants host access from {@code containerRunOptions} the operator allowed
 */
public record RunSettings(
        List<KeyValue> globalEnvVars,
        List<String> runOptionEnv,
        String user,
        boolean tty,
        String runtime,
        HostGrants grants) {
    public static final RunSettings DEFAULT = new RunSettings(List.of(), List.of(), "", false);

    public RunSettings {
        globalEnvVars = List.copyOf(globalEnvVars);
        runOptionEnv = List.copyOf(runOptionEnv);
        user = user == null ? "" : user;
        runtime = runtime == null ? "" : runtime;
        grants = grants == null ? HostGrants.NONE : grants;
    }

    public RunSettings(List<KeyValue> globalEnvVars, List<String> runOptionEnv, String user, boolean tty) {
        this(globalEnvVars, runOptionEnv, user, tty, "", HostGrants.NONE);
    }

    /** The same settings with the runtime the driver choice named. */
    public RunSettings withRuntime(String name) {
        return new RunSettings(globalEnvVars, runOptionEnv, user, tty, name, grants);
    }
}
