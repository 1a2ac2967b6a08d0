package io.kaskade.deploy.deployer.docker;

/**
 * The labels the docker deployer puts on every container it runs. They are how the deployer finds
 * the live deployment of a repository and ref again, after a restart too, without any state of its
 * own; and they let {@code docker ps --filter label=kaskade.managed=true} show what Kaskade runs.
 */
final class ContainerLabels {

    static final String MANAGED = "kaskade.managed";
    static final String RUN_ID = "kaskade.run-id";
    /** ISO-8601 instant; orders the runs of one repository and ref. */
    static final String RUN_CREATED = "kaskade.run-created";

    static final String REPOSITORY = "kaskade.repository";
    static final String REF = "kaskade.ref";
    static final String COMMIT = "kaskade.commit";
    /** The artifact's image name as the config writes it. */
    static final String ARTIFACT = "kaskade.artifact";
    /** The image the container runs, {@code repo:tag@sha256:...}. */
    static final String IMAGE = "kaskade.image";
    /** The stack that runs this deploy-service ({@code kaskade.deploy.docker.stack}); {@code ./kaskade down} removes only its own. */
    static final String STACK = "kaskade.stack";
    /** Whole seconds between SIGTERM and SIGKILL when the container is replaced (see {@link StopTimeouts}). */
    static final String STOP_TIMEOUT = "kaskade.stop-timeout";
    /**
     * A hash of the image id and every setting the container was created with, apart from its run: a
     * newer run whose container would have the same hash changes nothing, so it keeps this container.
     */
    static final String CONFIG_HASH = "kaskade.config-hash";

    private ContainerLabels() {}
}
