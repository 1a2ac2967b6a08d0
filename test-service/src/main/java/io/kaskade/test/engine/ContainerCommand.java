package io.kaskade.test.engine;

import java.time.Duration;
import java.util.List;

/**
 * A command to run in a container of an image. The image's entrypoint is cleared, so
 * {@code command} runs as written, as in container-structure-test's docker driver.
 *
 * @param env {@code KEY=value} entries added to the image's environment
 * @param user the user to run as, or empty for the image's user
 * @param tty whether to allocate a terminal (stdout and stderr then arrive merged as stdout)
 * @param runtime the engine's container runtime to use ({@code --runtime}), or empty for its default
 * @param grants host access the operator allowed for this file (privileged, capabilities, bind mounts)
 */
public record ContainerCommand(
        List<String> command,
        List<String> env,
        String user,
        boolean tty,
        Duration timeout,
        String runtime,
        HostGrants grants) {
    public ContainerCommand {
        command = List.copyOf(command);
        env = List.copyOf(env);
        user = user == null ? "" : user;
        runtime = runtime == null ? "" : runtime;
        grants = grants == null ? HostGrants.NONE : grants;
    }

    public ContainerCommand(List<String> command, List<String> env, String user, boolean tty, Duration timeout) {
        this(command, env, user, tty, timeout, "", HostGrants.NONE);
    }
}
