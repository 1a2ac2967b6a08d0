package io.kaskade.model.event;

import io.kaskade.model.config.SkaffoldConfig;
import java.time.Instant;
import java.util.List;

/**
 * The container-structure-tests that the config names for one artifact ran against its pushed
 * image. An artifact without structure tests is reported as passed with no results, so the deploy
 * stage always hears about every artifact.
 *
 * @param artifact the artifact's image name as the config writes it
 * @param image the tested image, {@code repo:tag@sha256:...}
 * @param passed whether every test passed; a failed run is not deployed
 * @param results one entry per test, in the order of the test files
 * @param config the run's effective config, passed along unchanged
 * @param summary totals of {@code results} (optional, added in v1: absent in events of older senders)
 */
public record StructureTested(
        String eventId,
        String runId,
        Instant runCreated,
        String repository,
        String commit,
        String ref,
        Instant time,
        String artifact,
        String image,
        boolean passed,
        List<TestResult> results,
        SkaffoldConfig config,
        TestSummary summary)
        implements PipelineEvent {

    public StructureTested {
        Events.requireCommon(eventId, runId, runCreated, repository, commit, ref, time);
        Events.require(artifact, "artifact");
        Events.require(image, "image");
        results = Events.list(results);
        Events.require(config, "config");
    }

    /** The event without a summary, as senders before the summary existed wrote it. */
    public StructureTested(
            String eventId,
            String runId,
            Instant runCreated,
            String repository,
            String commit,
            String ref,
            Instant time,
            String artifact,
            String image,
            boolean passed,
            List<TestResult> results,
            SkaffoldConfig config) {
        this(eventId, runId, runCreated, repository, commit, ref, time, artifact, image, passed, results, config, null);
    }

    /** A new event for {@code run}, with a fresh event id and the current time. */
    public static StructureTested of(
            RunRef run,
            String artifact,
            String image,
            boolean passed,
            List<TestResult> results,
            SkaffoldConfig config) {
        return new StructureTested(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                artifact,
                image,
                passed,
                results,
                config,
                null);
    }

    /** A new event for {@code run} with the totals of its results. */
    public static StructureTested of(
            RunRef run,
            String artifact,
            String image,
            boolean passed,
            List<TestResult> results,
            SkaffoldConfig config,
            TestSummary summary) {
        return new StructureTested(
                RunRef.newEventId(),
                run.runId(),
                run.runCreated(),
                run.repository(),
                run.commit(),
                run.ref(),
                RunRef.now(),
                artifact,
                image,
                passed,
                results,
                config,
                summary);
    }
}
