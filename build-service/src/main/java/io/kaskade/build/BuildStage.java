package io.kaskade.build;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.Builders;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.builder.docker.DockerEngine;
import io.kaskade.build.cache.ArtifactCache;
import io.kaskade.build.log.BuildLogPublisher;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.BuilderSpec;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.TagPolicy;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.image.DefaultRepo;
import io.kaskade.model.tag.TagException;
import io.kaskade.model.tag.TagInput;
import io.kaskade.model.tag.Tagger;
import io.kaskade.model.tag.Taggers;
import io.kaskade.service.confine.PathGuard;
import io.kaskade.service.source.GitSource;
import io.kaskade.service.source.SourceException;
import io.kaskade.service.telemetry.RunSpan;
import io.kaskade.service.telemetry.RunTracing;
import io.kaskade.service.telemetry.StageMetrics;
import io.kaskade.service.telemetry.StageTimer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
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

    /** An image name without tag or digest: optional registry host[:port], then lowercase path components. */
    private static final Pattern IMAGE_NAME = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    private final BuildSettings settings;
    private final Builders builders;
    private final BuildEvents events;
    private final BuildLogPublisher buildLogs;
    private final RegistryClient registry;
    private final ArtifactScheduler scheduler;
    private final DockerEngine dockerEngine;
    private final RunTracing tracing;
    private final StageMetrics metrics;

    public BuildStage(BuildSettings settings, Builders builders, BuildEvents events, BuildLogPublisher buildLogs,
            DockerEngine dockerEngine, RunTracing tracing, StageMetrics metrics) {
        this.settings = settings;
        this.tracing = tracing;
        this.metrics = metrics;
        this.dockerEngine = dockerEngine;
        this.builders = builders;
        this.events = events;
        this.buildLogs = buildLogs;
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
            List<Tagger> taggers = taggers(config);
            List<String> insecure = insecureRegistries(config);
            ArtifactCache cache = new ArtifactCache(registry.withInsecureRegistries(insecure));
            Path checkedOut = workspace;
            RunTracing.Handoff span = tracing.handoff();
            scheduler.run(BuildOrder.of(config.artifacts()), concurrency(config), (artifact, required) -> observed(event,
                    artifact, span, () -> buildArtifact(event, artifact, checkedOut, taggers, cache, insecure, required)));
        } catch (BuildFailure failure) {
            LOG.warnf("run %s: %s: %s", event.runId(), failure.code(), failure.getMessage());
            events.failed(StageFailed.of(event.run(), Stage.BUILD, failure.artifact(), failure.code(),
                    failure.getMessage(), failure.suggestion(), failure.logTail()));
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
    private String observed(SourceChanged event, Artifact artifact, RunTracing.Handoff parent,
            RunTracing.ToolCall<String, BuildFailure> build) throws BuildFailure {
        StageTimer timer = metrics.start(Stage.BUILD, event.time());
        String outcome = StageMetrics.FAILED;
        try (RunSpan span = tracing.artifact(parent, "build " + artifact.image(), artifact.image()).run(event.runId())) {
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
            throw new BuildFailure(BuildFailure.CHECKOUT_FAILED,
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

    /**
     * Whether images go to their registry: {@code build.local.push}, true when absent. Kaskade's later
     * stages may run elsewhere, so unlike Skaffold it does not guess {@code false} from a local kube-context.
     */
    static boolean push(SkaffoldConfig config) {
        BuildConfig build = config.build();
        return build == null || build.local() == null || !Boolean.FALSE.equals(build.local().push());
    }

    private static int nonNegative(Integer value, int absent) {
        return value == null ? absent : Math.max(0, value);
    }

    private static List<Tagger> taggers(SkaffoldConfig config) throws BuildFailure {
        List<TagPolicy> policies = config.build() == null ? List.of() : config.build().tagPolicies();
        try {
            return Taggers.forPolicies(policies);
        } catch (TagException e) {
            throw new BuildFailure(BuildFailure.TAG_FAILED, "invalid build.tagPolicy: " + e.getMessage(),
                    "Fix build.tagPolicy in skaffold.yaml.");
        }
    }

    /**
     * Builds, pushes and reports one artifact; returns the reference artifacts that require it build
     * on: {@code image:tag@sha256:...}, or {@code image:tag} for an image kept on the engine.
     */
    private String buildArtifact(SourceChanged event, Artifact artifact, Path workspace, List<Tagger> taggers, ArtifactCache cache,
            List<String> insecureRegistries, Map<String, String> requiredImages) throws BuildFailure {
        String name = artifact.image();
        try {
            if (name == null || !IMAGE_NAME.matcher(name).matches()) {
                throw new BuildFailure(BuildFailure.CONFIG_INVALID,
                        "'" + name + "' is not a valid image name without tag",
                        "Name the image like 127.0.0.1:5000/team/app: lowercase, no tag, no digest; Kaskade computes the tag.");
            }
            // Where the image goes: the run's default repo rewrites the name as Skaffold's --default-repo
            // does; events keep the config's name in 'artifact', which is what manifests refer to.
            String image = DefaultRepo.apply(event.defaultRepo(), null, name);
            Path context = context(workspace, artifact);
            Builder builder = builders.forSpec(builderSpec(artifact), insecureRegistries, event.config().build());
            events.started(StageStarted.of(event.run(), Stage.BUILD, name, builder.name()));
            List<String> tags = tags(taggers, artifact, context, event);
            String tag = tags.get(0);

            List<String> platforms = platforms(artifact, event.config());
            boolean push = push(event.config());
            RegistryClient registry = this.registry.withInsecureRegistries(insecureRegistries);
            // The cache lives in the registry: an image that is not pushed can neither come from it nor go into it.
            // Cloud Build pushes to Google's registries, which this service holds no credentials for.
            boolean onCloudBuild = event.config().build() != null && event.config().build().googleCloudBuild() != null;
            Optional<String> cacheKey = settings.cacheEnabled() && push && !onCloudBuild
                    ? cache.key(artifact, context, event.variables(), platforms, requiredImages) : Optional.empty();
            if (cacheKey.isPresent()) {
                Optional<String> restored = restoreFromCache(event, name, image, builder, tags, cacheKey.get(), cache, registry);
                metrics.cacheLookup(restored.isPresent());
                if (restored.isPresent()) {
                    return restored.get();
                }
            }

            BuiltImage built;
            long durationMs;
            String digest;
            try (BuildLogPublisher.Stream lines = buildLogs.open(event.runId(), name)) {
                BuildLog log = new BuildLog(settings.logTailLines(), lines);
                long started = System.nanoTime();
                built = tracing.call("build", builder.name(), () -> builder.build(
                        new BuildRequest(image, tag, context, platforms, event.variables(), requiredImages, log, push)));
                durationMs = (System.nanoTime() - started) / 1_000_000;
                LOG.infof("run %s: built %s (%s) in %d ms", event.runId(), built.reference(), built.imageId(), durationMs);
                events.built(ImageBuilt.of(event.run(), name, built.reference(), built.imageId(), builder.name(), false,
                        durationMs, event.config()));
                if (!push) {
                    for (String extra : tags.subList(1, tags.size())) {
                        dockerEngine.tag(built.reference(), image, extra);
                    }
                    LOG.infof("run %s: %s stays on the Docker engine (build.local.push: false)", event.runId(), built.reference());
                    events.pushed(ImagePushed.local(event.run(), name, built.imageId(), tags, event.config()));
                    // Artifacts that require this one build on the same engine, which knows the tag.
                    return built.reference();
                }
                digest = tracing.call("push", builder.name(), () -> builder.push(built, log));
                addTags(registry, image, tags, log);
            }
            LOG.infof("run %s: pushed %s@%s (tags %s)", event.runId(), built.reference(), digest, tags);
            if (cacheKey.isPresent()) {
                try {
                    cache.remember(image, tag, cacheKey.get());
                } catch (IOException e) {
                    LOG.warnf("run %s: could not record %s in the artifact cache: %s", event.runId(), built.reference(), e.getMessage());
                }
            }
            events.pushed(ImagePushed.pushed(event.run(), name, built.reference() + "@" + digest, digest, tags,
                    built.imageId(), event.config()));
            return built.reference() + "@" + digest;
        } catch (BuildFailure failure) {
            throw failure.forArtifact(name);
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s: unexpected error building %s", event.runId(), name);
            throw new BuildFailure(BuildFailure.INTERNAL_ERROR, "building " + name + " failed unexpectedly: " + e,
                    "This is a build-service bug; the service log has the stack trace.").forArtifact(name);
        }
    }

    /**
     * Gives the pushed {@code image:tags[0]} its other tags in the registry: the same manifest under
     * each tag, so every tag resolves to the same digest.
     */
    private static void addTags(RegistryClient registry, String image, List<String> tags, BuildLog log) throws BuildFailure {
        if (tags.size() < 2) {
            return;
        }
        try {
            RegistryClient.RawManifest manifest = registry.rawManifest(image, tags.get(0)).orElseThrow(() -> new IOException(
                    "the registry has no manifest for " + image + ":" + tags.get(0) + " right after its push"));
            for (String extra : tags.subList(1, tags.size())) {
                registry.putManifest(image, extra, manifest);
                log.line("tagged " + image + ":" + extra + " (" + manifest.digest() + ")");
            }
        } catch (IOException e) {
            log.line(e.getMessage());
            throw new BuildFailure(BuildFailure.PUSH_FAILED, "could not add tags " + tags.subList(1, tags.size()) + " to "
                    + image + ":" + tags.get(0) + ": " + e.getMessage(),
                    "Check that the registry accepts manifest uploads (a tag is a manifest PUT).", log.tail());
        }
    }

    /** On a cache hit, tags the cached image in the registry and reports it built (from cache) and pushed. */
    private Optional<String> restoreFromCache(SourceChanged event, String name, String image, Builder builder, List<String> tags, String key,
            ArtifactCache cache, RegistryClient registry) throws BuildFailure {
        long started = System.nanoTime();
        Optional<RegistryClient.Manifest> hit = tracing.call("cache lookup", "registry", () -> cache.restore(image, key, tags.get(0)));
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        addTags(registry, image, tags, BuildLog.tailOnly(settings.logTailLines()));
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        String reference = image + ":" + tags.get(0);
        String digest = hit.get().digest();
        LOG.infof("run %s: %s restored from the artifact cache (%s)", event.runId(), reference, digest);
        events.built(ImageBuilt.of(event.run(), name, reference, hit.get().configDigest(), builder.name(), true,
                durationMs, event.config()));
        events.pushed(ImagePushed.pushed(event.run(), name, reference + "@" + digest, digest, tags,
                hit.get().configDigest(), event.config()));
        return Optional.of(reference + "@" + digest);
    }

    private static List<String> insecureRegistries(SkaffoldConfig config) {
        return config.build() == null ? List.of() : config.build().insecureRegistries();
    }

    /** The artifact's own platforms, else the build's, as in Skaffold. */
    private static List<String> platforms(Artifact artifact, SkaffoldConfig config) {
        if (!artifact.platforms().isEmpty()) {
            return artifact.platforms();
        }
        return config.build() == null ? List.of() : config.build().platforms();
    }

    /**
     * The artifact's context, after {@link ArtifactConfinement} checked every path and flag of the
     * artifact against the checkout: a refusal comes before any tool, cache or tagger reads a file.
     */
    private static Path context(Path workspace, Artifact artifact) throws BuildFailure {
        PathGuard guard;
        try {
            guard = PathGuard.of(workspace);
        } catch (IOException e) {
            throw new BuildFailure(BuildFailure.INTERNAL_ERROR, "the run's checkout " + workspace + " is gone: " + e.getMessage(),
                    "Check the build-service's workspace directory (kaskade.build.workspace-dir).");
        }
        Path context = ArtifactConfinement.confine(guard, artifact);
        if (!Files.isDirectory(context)) {
            throw new BuildFailure(BuildFailure.CONFIG_INVALID,
                    "context '" + artifact.contextOrDefault() + "' of " + artifact.image() + " is not a folder at this commit",
                    "Commit the context folder, or fix artifacts[].context.");
        }
        return context;
    }

    private static BuilderSpec builderSpec(Artifact artifact) throws BuildFailure {
        try {
            return artifact.builder();
        } catch (IllegalStateException e) {
            throw new BuildFailure(BuildFailure.CONFIG_INVALID, e.getMessage(), "Set exactly one builder for the artifact.");
        }
    }

    private static List<String> tags(List<Tagger> taggers, Artifact artifact, Path context, SourceChanged event)
            throws BuildFailure {
        String image = artifact.image();
        String dockerfile = artifact.docker() == null ? null : artifact.docker().dockerfileOrDefault();
        try {
            return Taggers.tags(taggers, new TagInput(image, context, event.variables(), dockerfile));
        } catch (TagException e) {
            throw new BuildFailure(BuildFailure.TAG_FAILED, "cannot tag " + image + ": " + e.getMessage(),
                    "Fix build.tagPolicy, or give the tagger what it needs (git history, variables).");
        }
    }
}
