package io.kaskade.deploy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the deploy service, under {@code kaskade.deploy}. */
@ConfigMapping(prefix = "kaskade.deploy")
public interface DeployServiceConfig {

    /** The Docker engine the docker deployer runs containers on. */
    Docker docker();

    /** Defaults and limits of the status check that follows every deploy. */
    StatusCheck statusCheck();

    /** Where the service keeps runs that wait for their last artifact, shared by every instance. */
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
         * newer run replaces it; Docker's own default. An image may ask for its own with the label
         * {@code io.kaskade.deploy.stop-timeout}, up to {@link #maxStopTimeout()}. It is also the
         * container's own {@code StopTimeout}, so a {@code docker stop} by hand gives the same grace.
         */
        @WithDefault("10s")
        Duration stopTimeout();

        /**
         * The longest stop timeout an image's {@code io.kaskade.deploy.stop-timeout} label may ask for.
         * Replacing a container holds the deploy of its repository and ref (and, on the host network,
         * the app's port) for that long when the app ignores SIGTERM.
         */
        @WithDefault("60s")
        Duration maxStopTimeout();

        /**
         * The id of the stack this service belongs to, put on every container as {@code kaskade.stack}, so
         * {@code ./kaskade down} removes its own stack's containers and not those of other stacks or tests.
         */
        Optional<String> stack();
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
         * health check are ready when healthy. Not waited separately when {@link #stabilityWindow()}
         * is at least as long: the window, counted from the container's start, checks the same.
         */
        @WithDefault("2s")
        Duration minRunning();

        /**
         * How long every workload must have stayed healthy before the run counts as {@code Deployed}:
         * no container restarted or exited, no readiness lost. The docker deployer counts it from the
         * container's start (only what is left after readiness is waited; a container kept from an
         * earlier run has usually served it already); the Kubernetes deployers from readiness. A
         * failure inside it fails the run with the workload's last log lines. {@code 0} reports ready
         * at once, as Skaffold does. The local stack ({@code ./kaskade up}, docker-compose.yml) sets
         * it lower for a fast dev loop.
         */
        @WithDefault("5s")
        Duration stabilityWindow();

        /** How many of a failing container's last log lines go into {@code StageFailed.logTail}. */
        @WithDefault("30")
        int logTailLines();
    }

    interface Runs {
        /**
         * The compacted topic holding each run's state, keyed by run id: the artifacts that passed so
         * far and whether the run is waiting, deploying or finished. Every instance writes a run's
         * change there before it acknowledges the event, and reads the whole topic when it is
         * assigned partitions, so a run survives a kill -9 and moves between instances. Created
         * compacted on first use when missing.
         */
        @WithDefault("kaskade.deploy-runs")
        String topic();

        /** How many finished runs (deployed, failed, not deployed) are remembered to ignore late or repeated events. */
        @WithDefault("1000")
        int maxFinished();

        /**
         * How long a run may wait for its remaining artifacts before it is forgotten; an artifact
         * whose build failed never reaches this stage, so its run would otherwise wait forever.
         */
        @WithDefault("24h")
        Duration pendingTimeout();

        /**
         * How long a rebalance waits for this instance's records of a revoked partition (a deploy
         * and its status check included) before handing the partition over anyway. Must stay below
         * the consumer's {@code max.poll.interval.ms} (5 minutes by default), or the group drops the
         * instance; a deploy still running after it may be repeated by the new owner.
         */
        @WithDefault("240s")
        Duration handoverTimeout();
    }
}
