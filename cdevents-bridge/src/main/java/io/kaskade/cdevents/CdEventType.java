package io.kaskade.cdevents;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CDEvents types the bridge speaks, with the event versions of CDEvents spec
 * {@value #SPEC_VERSION}. The full type string is the CDEvent's {@code context.type} and the
 * CloudEvent {@code type}.
 */
public enum CdEventType {
    PIPELINERUN_QUEUED("pipelinerun", "queued", "0.3.0"),
    PIPELINERUN_STARTED("pipelinerun", "started", "0.3.0"),
    PIPELINERUN_FINISHED("pipelinerun", "finished", "0.3.0"),
    BUILD_STARTED("build", "started", "0.3.0"),
    BUILD_FINISHED("build", "finished", "0.3.0"),
    ARTIFACT_PACKAGED("artifact", "packaged", "0.3.0"),
    ARTIFACT_PUBLISHED("artifact", "published", "0.3.0"),
    TESTSUITERUN_FINISHED("testsuiterun", "finished", "0.3.0"),
    SERVICE_DEPLOYED("service", "deployed", "0.3.0"),
    SERVICE_UPGRADED("service", "upgraded", "0.3.0"),
    CHANGE_MERGED("change", "merged", "0.3.0"),
    REPOSITORY_MODIFIED("repository", "modified", "0.3.0");

    /** The CDEvents specification version of every emitted event ({@code context.specversion}). */
    public static final String SPEC_VERSION = "0.5.1";

    private final String subject;
    private final String predicate;
    private final String version;

    CdEventType(String subject, String predicate, String version) {
        this.subject = subject;
        this.predicate = predicate;
        this.version = version;
    }

    /** e.g. {@code dev.cdevents.pipelinerun.started.0.3.0} */
    public String type() {
        return "dev.cdevents." + subject + "." + predicate + "." + version;
    }

    /** The type without its version, e.g. {@code dev.cdevents.change.merged}. */
    public String unversioned() {
        return "dev.cdevents." + subject + "." + predicate;
    }

    /** The schema file name in the spec's {@code schemas/} folder, e.g. {@code pipelinerunstarted.json}. */
    public String schemaFile() {
        return subject + predicate + ".json";
    }

    /**
     * The type a {@code context.type} names, matching any version with the same major version as
     * ours: CDEvents adds only optional fields within a major version.
     */
    public static Optional<CdEventType> of(String contextType) {
        if (contextType == null) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(t -> contextType.startsWith(t.unversioned() + "."))
                .filter(t -> majorOf(contextType.substring(t.unversioned().length() + 1))
                        .equals(majorOf(t.version)))
                .findFirst();
    }

    private static String majorOf(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }
}
