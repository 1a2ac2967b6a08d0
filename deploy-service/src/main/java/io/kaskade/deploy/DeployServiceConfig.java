package io.kaskade.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the deploy service, under {@code kaskade.deploy}. */
@ConfigMapping(prefix = "kaskade.deploy")
public interface DeployServiceConfig {

    /** The Docker engine the docker deployer runs containers on. */
    Docker docker();

    /** Defaults and limits of the status check that follows every deploy. */
    StatusCheck statusCheck();

    /** Where the service remembers runs that wait for their last artifact. */
    Runs runs();

    interface Docker {
        /**
         * The engine's API endpoint. The deploy service runs containers on the same engine the build
         * service builds on, so by default it is the local socket.
         */
        @WithDefault("unix:///var/run/docker.sock")
        String host();

        /**
         * How long one engine call (create, start, inspect, pull) may take before it is reported as
         * a {@code DEPLOY_DOCKER_FAILED}; the status check's event stream is not bound by it.
         */
        @WithDefault("120s")
        Duration callTimeout();

        /**
         * How long an older run's container gets to stop after SIGTERM before it is killed, when a
         * newer run replaces it; Docker's own default.
         */
        @WithDefault("10s")
        Duration stopTimeout();
    }

    interface StatusCheck {
        /** The deadline when the config does not set {@code deploy.statusCheckDeadlineSeconds}; Skaffold's default. */
        @WithDefault("600s")
        Duration defaultDeadline();

        /**
         * The longest deadline a config may ask for. A status check holds a deploy worker and the
         * run's repository and ref for its whole length, so operators bound it.
         */
        @WithDefault("1800s")
        Duration maxDeadline();

        /**
         * How long a container without a {@code HEALTHCHECK} must stay running to count as ready;
         * without it a container that exits a moment after starting would pass. Containers with a
         * health check are ready when healthy.
         */
        @WithDefault("2s")
        Duration minRunning();

        /** How many of a failing container's last log lines go into {@code StageFailed.logTail}. */
        @WithDefault("30")
        int logTailLines();
    }

    interface Runs {
        /**
         * A directory in which each waiting run's state is kept as a small JSON file, so a run whose
         * artifacts were half tested when the service was killed still deploys once after a restart.
         * When absent, the state is kept in memory only and lost with the process.
         */
        Optional<Path> stateDir();

        /** How many finished runs (deployed, failed, not deployed) are remembered to ignore late or repeated events. */
        @WithDefault("1000")
        int maxFinished();

        /**
         * How long a run may wait for its remaining artifacts before it is forgotten; an artifact
         * whose build failed never reaches this stage, so its run would otherwise wait forever.
         */
        @WithDefault("24h")
        Duration pendingTimeout();
    }
}
