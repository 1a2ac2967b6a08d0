package io.kaskade.build;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuildRequest;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.chooser.BuilderChooser;
import io.kaskade.build.events.BuildEvents;
import io.kaskade.build.log.BuildLogPublisher;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.build.settings.BuildSettings;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuilderSpec;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.image.DefaultRepo;
import io.kaskade.model.tag.TagException;
import io.kaskade.model.tag.TagInput;
import io.kaskade.model.tag.Taggers;
import io.kaskade.service.confine.PathGuard;
import io.kaskade.service.telemetry.RunTracing;
import io.kaskade.service.telemetry.StageMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * One artifact's build as named steps: validate the name, rewrite it for the default repo, confine
 * its context, choose the builder, tag, look the cache up, build, report, then keep or push it and
 * add its other tags. {@link BuildStage} runs this for each artifact of a run in dependency order.
 */
@ApplicationScoped
public class ArtifactBuildSteps {

    private static final Logger LOG = Logger.getLogger(ArtifactBuildSteps.class);

    /** An image name without tag or digest: optional registry host[:port], then lowercase path components. */
    private static final Pattern IMAGE_NAME = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

    private final BuildSettings settings;
    private final BuilderChooser chooser;
    private final BuildEvents events;
    private final BuildLogPublisher buildLogs;
    private final RunTracing tracing;
    private final StageMetrics metrics;
    private final PushedImages pushed;

    public ArtifactBuildSteps(
            BuildSettings settings,
            BuilderChooser chooser,
            BuildEvents events,
            BuildLogPublisher buildLogs,
            RunTracing tracing,
            StageMetrics metrics) {
        this.settings = settings;
        this.chooser = chooser;
        this.events = events;
        this.buildLogs = buildLogs;
        this.tracing = tracing;
        this.metrics = metrics;
        this.pushed = new PushedImages(
                new RegistryClient(settings.registryTimeout()), events, tracing, settings.logTailLines());
    }

    /**
     * What one artifact builds as: its config name (what events and manifests name), the image it goes
     * to, its confined context, its builder and its tags (the first is the one it is built with).
     */
    record Target(String name, String image, Path context, Builder builder, List<String> tags, List<String> platforms) {
        String tag() {
            return tags.get(0);
        }
    }

    /**
     * Builds, pushes and reports one artifact; returns the reference artifacts that require it build
     * on: {@code image:tag@sha256:...}, or {@code image:tag} for an image kept on the engine.
     */
    String build(RunBuild run, Artifact artifact, Map<String, String> requiredImages) throws BuildFailure {
        String name = artifact.image();
        try {
            Target target = target(run, artifact);
            Optional<String> cacheKey = settings.cacheEnabled() && run.push() && !run.onCloudBuild()
                    ? run.cache()
                            .key(
                                    artifact,
                                    target.context(),
                                    run.event().variables(),
                                    target.platforms(),
                                    requiredImages)
                    : Optional.empty();
            if (cacheKey.isPresent()) {
                Optional<String> restored = pushed.restoreFromCache(run, target, cacheKey.get());
                metrics.cacheLookup(restored.isPresent());
                if (restored.isPresent()) {
                    return restored.get();
                }
            }
            return buildAndPublish(run, target, requiredImages, cacheKey);
        } catch (BuildFailure failure) {
            throw failure.forArtifact(name);
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s: unexpected error building %s", run.event().runId(), name);
            throw new BuildFailure(
                            BuildFailure.INTERNAL_ERROR,
                            "building " + name + " failed unexpectedly: " + e,
                            "This is a build-service bug; the service log has the stack trace.")
                    .forArtifact(name);
        }
    }

    /** The steps before any tool runs: name check, default repo, context, builder (reported as started), tags. */
    private Target target(RunBuild run, Artifact artifact) throws BuildFailure {
        String name = validName(artifact.image());
        // Where the image goes: the run's default repo rewrites the name as Skaffold's --default-repo
        // does; events keep the config's name in 'artifact', which is what manifests refer to.
        String image = DefaultRepo.apply(run.event().defaultRepo(), null, name);
        Path context = context(run.workspace(), artifact);
        Builder builder = chooser.choose(
                builderSpec(artifact), run.insecureRegistries(), run.config().build());
        events.started(StageStarted.of(run.event().run(), Stage.BUILD, name, builder.name()));
        List<String> tags = tags(run, artifact, context);
        return new Target(name, image, context, builder, tags, run.platforms(artifact));
    }

    /** Builds with the chosen builder, reports {@code ImageBuilt}, then keeps the image on the engine or pushes it. */
    private String buildAndPublish(
            RunBuild run, Target target, Map<String, String> requiredImages, Optional<String> cacheKey)
            throws BuildFailure {
        SourceChanged event = run.event();
        Builder builder = target.builder();
        BuiltImage built;
        String digest;
        try (BuildLogPublisher.Stream lines = buildLogs.open(event.runId(), target.name())) {
            BuildLog log = new BuildLog(settings.logTailLines(), lines);
            long started = System.nanoTime();
            built = tracing.call(
                    "build",
                    builder.name(),
                    () -> builder.build(new BuildRequest(
                            target.image(),
                            target.tag(),
                            target.context(),
                            target.platforms(),
                            event.variables(),
                            requiredImages,
                            log,
                            run.push())));
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            LOG.infof("run %s: built %s (%s) in %d ms", event.runId(), built.reference(), built.imageId(), durationMs);
            events.built(ImageBuilt.of(
                    event.run(),
                    target.name(),
                    built.reference(),
                    built.imageId(),
                    builder.name(),
                    false,
                    durationMs,
                    event.config()));
            if (!run.push()) {
                return keepOnEngine(run, target, built);
            }
            digest = pushed.pushWithTags(target, built, run, log);
        }
        return pushed.recordPushed(run, target, built, digest, cacheKey);
    }

    /** {@code build.local.push: false}: the image stays where it was built, under all its tags. */
    private String keepOnEngine(RunBuild run, Target target, BuiltImage built) throws BuildFailure {
        target.builder().tagKept(built, target.tags().subList(1, target.tags().size()));
        LOG.infof(
                "run %s: %s stays on the Docker engine (build.local.push: false)",
                run.event().runId(), built.reference());
        events.pushed(
                ImagePushed.local(run.event().run(), target.name(), built.imageId(), target.tags(), run.config()));
        // Artifacts that require this one build on the same engine, which knows the tag.
        return built.reference();
    }

    private static String validName(String name) throws BuildFailure {
        if (name == null || !IMAGE_NAME.matcher(name).matches()) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "'" + name + "' is not a valid image name without tag",
                    "Name the image like 127.0.0.1:5000/team/app: lowercase, no tag, no digest; Kaskade computes the tag.");
        }
        return name;
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
            throw new BuildFailure(
                    BuildFailure.INTERNAL_ERROR,
                    "the run's checkout " + workspace + " is gone: " + e.getMessage(),
                    "Check the build-service's workspace directory (kaskade.build.workspace-dir).");
        }
        Path context = ArtifactConfinement.confine(guard, artifact);
        if (!Files.isDirectory(context)) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "context '" + artifact.contextOrDefault() + "' of " + artifact.image()
                            + " is not a folder at this commit",
                    "Commit the context folder, or fix artifacts[].context.");
        }
        return context;
    }

    private static BuilderSpec builderSpec(Artifact artifact) throws BuildFailure {
        try {
            return artifact.builder();
        } catch (IllegalStateException e) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID, e.getMessage(), "Set exactly one builder for the artifact.");
        }
    }

    private static List<String> tags(RunBuild run, Artifact artifact, Path context) throws BuildFailure {
        String image = artifact.image();
        String dockerfile = artifact.docker() == null ? null : artifact.docker().dockerfileOrDefault();
        try {
            return Taggers.tags(
                    run.taggers(), new TagInput(image, context, run.event().variables(), dockerfile));
        } catch (TagException e) {
            throw new BuildFailure(
                    BuildFailure.TAG_FAILED,
                    "cannot tag " + image + ": " + e.getMessage(),
                    "Fix build.tagPolicy, or give the tagger what it needs (git history, variables).");
        }
    }
}
