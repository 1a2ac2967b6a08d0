package io.kaskade.build;

import io.kaskade.build.ArtifactBuildSteps.Target;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.BuiltImage;
import io.kaskade.build.events.BuildEvents;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.service.telemetry.RunTracing;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The registry side of one artifact's build: pushing it, giving it its other tags, recording it in
 * the artifact cache, and restoring it from there, each reported as {@code ImagePushed}.
 */
final class PushedImages {

    private static final Logger LOG = Logger.getLogger(PushedImages.class);

    private final RegistryClient registry;
    private final BuildEvents events;
    private final RunTracing tracing;
    private final int logTailLines;

    PushedImages(RegistryClient registry, BuildEvents events, RunTracing tracing, int logTailLines) {
        this.registry = registry;
        this.events = events;
        this.tracing = tracing;
        this.logTailLines = logTailLines;
    }

    /** Pushes a built image and adds its other tags; returns the digest. */
    String pushWithTags(Target target, BuiltImage built, RunBuild run, BuildLog log) throws BuildFailure {
        String digest = tracing.call(
                "push", target.builder().name(), () -> target.builder().push(built, log));
        addTags(registry(run), target.image(), target.tags(), log);
        return digest;
    }

    /** Records a pushed image in the cache and reports it; returns {@code image:tag@digest}. */
    String recordPushed(RunBuild run, Target target, BuiltImage built, String digest, Optional<String> cacheKey) {
        SourceChanged event = run.event();
        LOG.infof("run %s: pushed %s@%s (tags %s)", event.runId(), built.reference(), digest, target.tags());
        if (cacheKey.isPresent()) {
            try {
                run.cache().remember(target.image(), target.tag(), cacheKey.get());
            } catch (IOException e) {
                LOG.warnf(
                        "run %s: could not record %s in the artifact cache: %s",
                        event.runId(), built.reference(), e.getMessage());
            }
        }
        events.pushed(ImagePushed.pushed(
                event.run(),
                target.name(),
                built.reference() + "@" + digest,
                digest,
                target.tags(),
                built.imageId(),
                event.config()));
        return built.reference() + "@" + digest;
    }

    /** On a cache hit, tags the cached image in the registry and reports it built (from cache) and pushed. */
    Optional<String> restoreFromCache(RunBuild run, Target target, String key) throws BuildFailure {
        SourceChanged event = run.event();
        long started = System.nanoTime();
        Optional<RegistryClient.Manifest> hit =
                tracing.call("cache lookup", "registry", () -> run.cache().restore(target.image(), key, target.tag()));
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        addTags(registry(run), target.image(), target.tags(), BuildLog.tailOnly(logTailLines));
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        String reference = target.image() + ":" + target.tag();
        String digest = hit.get().digest();
        LOG.infof("run %s: %s restored from the artifact cache (%s)", event.runId(), reference, digest);
        events.built(ImageBuilt.of(
                event.run(),
                target.name(),
                reference,
                hit.get().configDigest(),
                target.builder().name(),
                true,
                durationMs,
                event.config()));
        events.pushed(ImagePushed.pushed(
                event.run(),
                target.name(),
                reference + "@" + digest,
                digest,
                target.tags(),
                hit.get().configDigest(),
                event.config()));
        return Optional.of(reference + "@" + digest);
    }

    private RegistryClient registry(RunBuild run) {
        return registry.withInsecureRegistries(run.insecureRegistries());
    }

    /**
     * Gives the pushed {@code image:tags[0]} its other tags in the registry: the same manifest under
     * each tag, so every tag resolves to the same digest.
     */
    private static void addTags(RegistryClient registry, String image, List<String> tags, BuildLog log)
            throws BuildFailure {
        if (tags.size() < 2) {
            return;
        }
        try {
            RegistryClient.RawManifest manifest = registry.rawManifest(image, tags.get(0))
                    .orElseThrow(() -> new IOException(
                            "the registry has no manifest for " + image + ":" + tags.get(0) + " right after its push"));
            for (String extra : tags.subList(1, tags.size())) {
                registry.putManifest(image, extra, manifest);
                log.line("tagged " + image + ":" + extra + " (" + manifest.digest() + ")");
            }
        } catch (IOException e) {
            log.line(e.getMessage());
            throw new BuildFailure(
                    BuildFailure.PUSH_FAILED,
                    "could not add tags " + tags.subList(1, tags.size()) + " to " + image + ":" + tags.get(0) + ": "
                            + e.getMessage(),
                    "Check that the registry accepts manifest uploads (a tag is a manifest PUT).",
                    log.tail());
        }
    }
}
