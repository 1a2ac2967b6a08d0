package io.kaskade.build;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.cache.ArtifactCache;
import io.kaskade.build.cache.ArtifactCaches;
import io.kaskade.build.events.BuildEvents;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.build.settings.BuildSettings;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.TagPolicy;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.tag.TagException;
import io.kaskade.model.tag.Tagger;
import io.kaskade.model.tag.Taggers;
import io.kaskade.service.source.GitSource;
import io.kaskade.service.source.SourceException;
import io.kaskade.service.telemetry.RunSpan;
import io.kaskade.service.telemetry.RunTracing;
import io.kaskade.service.telemetry.StageMetrics;
import io.kaskade.service.telemetry.StageTimer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * The build stage for one run: checks the run's commit out once, then tags, builds and pushes each
 * artifact of the effective config in dependency order (independent ones in parallel up to the
 * config's concurrency, see {@link ArtifactScheduler}), publishing {@code ImageBuilt} and
 * {@code ImagePushed} for each.
 *
 * <p>The first artifact that fails ends the run's build with one {@code StageFailed} naming it, as
 * Skaffold stops at the first failed build; nothing a run contains can throw out of {@link #run}.
 */
@ApplicationScoped
public class BuildStage {

    private static final Logger LOG = Logger.getLogger(BuildStage.class);

    private final BuildSettings settings;
    private final ArtifactBuildSteps steps;
    private final BuildEvents events;
    private final RegistryClient registry;
    private final ArtifactScheduler scheduler;
    private final RunTracing tracing;
    private final StageMetrics metrics;
    private final ArtifactCaches caches;

    public BuildStage(
            BuildSettings settings,
            ArtifactBuildSteps steps,
            BuildEvents events,
            RunTracing tracing,
            StageMetrics metrics,
            ArtifactCaches caches) {
        this.caches = caches;
        this.settings = settings;
        this.steps = steps;
        this.events = events;
        this.tracing = tracing;
        this.metrics = metrics;
        this.registry = new RegistryClient(settings.registryTimeout());
        this.scheduler = new ArtifactScheduler(new Semaphore(Math.max(1, settings.maxConcurrentBuilds())));
    }

    /** Builds every artifact of {@code event}; failures become a {@code StageFailed} event. */
    public void run(SourceChanged event) {
        run(event, event.repository());
    }

    /** As {@link #run(SourceChanged)}, cloning from {@code cloneUrl} (the event's repository with its opened credentials). */
    public void run(SourceChanged event, String cloneUrl) {
        Path workspace = null;
        try {
            workspace = checkout(event, cloneUrl);
            SkaffoldConfig config = event.config();
            ArtifactCache cache = caches.forRun(registry.withInsecureRegistries(RunBuild.insecureRegistries(config)));
            RunBuild run = new RunBuild(event, workspace, taggers(config), cache);
            RunTracing.Handoff span = tracing.handoff();
            scheduler.run(
                    BuildOrder.of(config.artifacts()),
                    concurrency(config),
                    (artifact, required) ->
                            observed(event, artifact, span, () -> steps.build(run, artifact, required)));
        } catch (BuildFailure failure) {
            LOG.warnf("run %s: %s: %s", event.runId(), failure.code(), failure.getMessage());
            events.failed(StageFailed.of(
                    event.run(),
                    Stage.BUILD,
                    failure.artifact(),
                    failure.code(),
                    failure.getMessage(),
                    failure.suggestion(),
                    failure.logTail()));
            metrics.runFinished(StageMetrics.FAILED, event.runCreated());
        } finally {
            if (workspace != null) {
                try {
                    WorkspaceSweeper.remove(workspace);
                } catch (SourceException e) {
                    LOG.warnf("run %s: could not remove workspace %s: %s", event.runId(), workspace, e.getMessage());
                }
            }
        }
    }

    /**
     * One artifact's build in its own span (artifacts build in parallel, on the scheduler's threads)
     * and as one {@code kaskade_stage_duration_seconds} sample labelled with its builder.
     */
    private String observed(
            SourceChanged event,
            Artifact artifact,
            RunTracing.Handoff parent,
            RunTracing.ToolCall<String, BuildFailure> build)
            throws BuildFailure {
        StageTimer timer = metrics.start(Stage.BUILD, event.time());
        String outcome = StageMetrics.FAILED;
        try (RunSpan span = tracing.artifact(parent, "build " + artifact.image(), artifact.image())
                .run(event.runId())) {
            try {
                String reference = build.run();
                outcome = StageMetrics.SUCCEEDED;
                return reference;
            } catch (BuildFailure failure) {
                span.failed(failure.code(), failure.getMessage());
                throw failure;
            }
        } finally {
            timer.stop(builderName(artifact), outcome);
        }
    }

    private static String builderName(Artifact artifact) {
        try {
            return artifact.builder().builderName();
        } catch (IllegalStateException e) {
            return "invalid";
        }
    }

    private Path checkout(SourceChanged event, String cloneUrl) throws BuildFailure {
        try {
            Path workspace = WorkspaceSweeper.create(settings.workspaceDir());
            try {
                return GitSource.checkout(cloneUrl, event.commit(), workspace).toRealPath();
            } catch (SourceException | IOException e) {
                WorkspaceSweeper.remove(workspace);
                throw e;
            }
        } catch (SourceException | IOException e) {
            throw new BuildFailure(
                    BuildFailure.CHECKOUT_FAILED,
                    "cannot check out commit " + event.commit() + " of " + event.repository() + ": " + e.getMessage(),
                    "Check that the repository is reachable from the build-service and still contains the commit.");
        }
    }

    /**
     * How many of a run's artifacts build at once: the {@code concurrency} of where the config builds
     * ({@code build.local}, {@code build.cluster}, {@code build.googleCloudBuild}), {@code 0} for no
     * limit. As in Skaffold, local builds default to one at a time (the defaults set
     * {@code local.concurrency: 1}); cluster and Cloud Build builds default to no limit.
     */
    static int concurrency(SkaffoldConfig config) {
        BuildConfig build = config.build();
        if (build == null) {
            return 1;
        }
        if (build.cluster() != null) {
            return nonNegative(build.cluster().concurrency(), 0);
        }
        if (build.googleCloudBuild() != null) {
            return nonNegative(build.googleCloudBuild().concurrency(), 0);
        }
        return nonNegative(build.local() == null ? null : build.local().concurrency(), 1);
    }

    private static int nonNegative(Integer value, int absent) {
        return value == null ? absent : Math.max(0, value);
    }

    private static List<Tagger> taggers(SkaffoldConfig config) throws BuildFailure {
        List<TagPolicy> policies =
                config.build() == null ? List.of() : config.build().tagPolicies();
        try {
            return Taggers.forPolicies(policies);
        } catch (TagException e) {
            throw new BuildFailure(
                    BuildFailure.TAG_FAILED,
                    "invalid build.tagPolicy: " + e.getMessage(),
                    "Fix build.tagPolicy in skaffold.yaml.");
        }
    }
}
