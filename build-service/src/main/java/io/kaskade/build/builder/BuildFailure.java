package io.kaskade.build.builder;

import java.util.List;

/**
 * Why one artifact could not be built, tagged or pushed, in the terms of a {@code StageFailed}
 * event: a stable code, a message naming the artifact, a suggestion, and the tool's last lines.
 */
public class BuildFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public static final String CHECKOUT_FAILED = "BUILD_CHECKOUT_FAILED";
    public static final String CONFIG_INVALID = "BUILD_CONFIG_INVALID";
    public static final String TAG_FAILED = "BUILD_TAG_FAILED";
    public static final String DOCKERFILE_NOT_FOUND = "BUILD_DOCKERFILE_NOT_FOUND";
    public static final String DOCKER_FAILED = "BUILD_DOCKER_FAILED";
    public static final String CUSTOM_FAILED = "BUILD_CUSTOM_FAILED";
    public static final String PUSH_FAILED = "BUILD_PUSH_FAILED";
    public static final String UNSUPPORTED_BUILDER = "BUILD_UNSUPPORTED_BUILDER";
    public static final String INTERNAL_ERROR = "BUILD_INTERNAL_ERROR";
    public static final String TIMEOUT = "BUILD_TIMEOUT";

    private final String code;
    private final String suggestion;
    private final transient List<String> logTail;
    private final String artifact;

    public BuildFailure(String code, String message, String suggestion, List<String> logTail) {
        this(code, message, suggestion, logTail, null);
    }

    private BuildFailure(String code, String message, String suggestion, List<String> logTail, String artifact) {
        super(message);
        this.code = code;
        this.suggestion = suggestion;
        this.logTail = logTail == null ? List.of() : List.copyOf(logTail);
        this.artifact = artifact;
    }

    /** This failure, attributed to the artifact with image name {@code artifact}. */
    public BuildFailure forArtifact(String artifact) {
        BuildFailure attributed = new BuildFailure(code, getMessage(), suggestion, logTail, artifact);
        attributed.initCause(getCause());
        return attributed;
    }

    /** The artifact's image name, or null when the failure concerns the whole run (e.g. the checkout). */
    public String artifact() {
        return artifact;
    }

    /**
     * The registry could not be asked whether the image a builder pushed itself (custom builders, kaniko) is there.
     *
     * @param reference the image reference the builder was to push
     */
    public static BuildFailure registryUnverified(String reference, java.io.IOException cause, List<String> logTail) {
        return new BuildFailure(
                PUSH_FAILED,
                "cannot verify " + reference + " in its registry: " + cause.getMessage(),
                "Check that the registry is running and reachable from the build-service.",
                logTail);
    }

    /**
     * A build that ran longer than its limit and was stopped.
     *
     * @param what what was stopped, naming the artifact, e.g. {@code custom build of repo:tag}
     * @param builder the builder type, whose {@code kaskade.build.timeout.<builder>} sets the limit
     */
    public static BuildFailure timedOut(String what, String builder, java.time.Duration limit, List<String> logTail) {
        return new BuildFailure(
                TIMEOUT,
                what + " did not finish within " + limit.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                        + " and was stopped",
                "Make the build faster, or raise the limit: kaskade.build.timeout." + builder + " for " + builder
                        + " builds, kaskade.build.build-timeout for all.",
                logTail);
    }

    public BuildFailure(String code, String message, String suggestion) {
        this(code, message, suggestion, List.of());
    }

    public String code() {
        return code;
    }

    public String suggestion() {
        return suggestion;
    }

    public List<String> logTail() {
        return logTail;
    }
}
