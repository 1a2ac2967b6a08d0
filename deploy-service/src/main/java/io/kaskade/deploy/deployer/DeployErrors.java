package io.kaskade.deploy.deployer;

import io.kaskade.service.confine.ConfinementException;

/**
 * The stable {@code StageFailed.errorCode}s of the deploy stage. They are part of the public event
 * contract ({@code docs/events.md}): add codes, never rename them.
 */
public final class DeployErrors {

    /** The config has no {@code deploy} section this service supports. */
    public static final String NO_DEPLOYER = "DEPLOY_NO_DEPLOYER";
    /** A newer run of the same repository and ref is already deployed; this run was skipped. */
    public static final String SUPERSEDED = "DEPLOY_SUPERSEDED";
    /** A deployed workload did not become ready within the status-check deadline. */
    public static final String STATUS_CHECK_FAILED = "DEPLOY_STATUS_CHECK_FAILED";
    /** The Docker engine refused or failed an operation of the docker deployer. */
    public static final String DOCKER_FAILED = "DEPLOY_DOCKER_FAILED";
    /** Helm, the chart or the release's settings failed a deploy of the helm deployer. */
    public static final String HELM_FAILED = "DEPLOY_HELM_FAILED";
    /**
     * A path of the config leaves the repository (lexically or through a symbolic link) or a tool
     * flag is not on its allowlist; nothing was deployed. The same code in every stage.
     */
    public static final String CONFIG_INVALID = ConfinementException.CODE;
    /**
     * A deployer failed in a way it did not turn into one of the codes above: a bug, reported
     * instead of crashing the consumer.
     */
    public static final String INTERNAL_ERROR = "DEPLOY_INTERNAL_ERROR";

    private DeployErrors() {}
}
