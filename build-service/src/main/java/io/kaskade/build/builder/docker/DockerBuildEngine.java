package io.kaskade.build.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.settings.BuildSettings;
import io.kaskade.service.docker.DockerClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Docker engine as the build-service uses it: classic-builder builds from a context directory
 * and pushes. It is the only class that sees docker-java; callers get image ids, digests and
 * {@link BuildFailure}s.
 */
@ApplicationScoped
public class DockerBuildEngine {

    private final DockerClient client;
    private final BuildSettings settings;

    public DockerBuildEngine(BuildSettings settings) {
        this.settings = settings;
        // Builds and pushes run for minutes on one connection: no response timeout, each call has its own.
        this.client = DockerClients.connect(settings.dockerHost(), 16, Optional.empty());
    }

    /**
     * Builds the context with {@code options} and tags the image {@code reference}. A build that runs
     * past {@code timeout} is cancelled: closing the build's connection makes the engine stop it and
     * remove its intermediate container.
     *
     * @return the image id, {@code sha256:...}
     */
    public String build(Path context, DockerBuildOptions options, String reference, Duration timeout, BuildLog log)
            throws BuildFailure {
        AtomicReference<String> error = new AtomicReference<>();
        BuildImageResultCallback callback = new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
                log.append(item.getStream());
                if (item.isErrorIndicated()) {
                    String message = errorMessage(item);
                    error.compareAndSet(null, message);
                }
                super.onNext(item);
            }
        };
        try {
            command(context, options, reference).exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                closeQuietly(callback);
                throw BuildFailure.timedOut("docker build of " + reference, "docker", timeout, log.tail());
            }
            callback.awaitImageId();
            return client.inspectImageCmd(reference).exec().getId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure(
                    BuildFailure.DOCKER_FAILED,
                    "docker build of " + reference + " was interrupted",
                    "The build-service is shutting down; the run can be retried.",
                    log.tail());
        } catch (RuntimeException e) {
            String cause = error.get() != null ? error.get() : rootMessage(e);
            log.line(cause);
            throw new BuildFailure(
                    BuildFailure.DOCKER_FAILED,
                    "docker build of " + reference + " failed: " + cause,
                    "Fix the Dockerfile or the build context; the log tail shows the failing step.",
                    log.tail());
        } finally {
            closeQuietly(callback);
        }
    }

    /** The engine's build request for {@code reference}, with everything the artifact's options set. */
    private BuildImageCmd command(Path context, DockerBuildOptions options, String reference) throws BuildFailure {
        BuildImageCmd command = client.buildImageCmd()
                .withBaseDirectory(context.toFile())
                .withDockerfile(options.dockerfile().toFile())
                .withTags(Set.of(reference))
                .withPull(options.pullParent())
                .withNoCache(options.noCache())
                .withRemove(true)
                .withNetworkMode(options.network());
        options.buildArgs().forEach(command::withBuildArg);
        String image = reference.substring(0, reference.lastIndexOf(':'));
        EngineAuth.forBuild(image).ifPresent(command::withBuildAuthConfigs);
        // The label marks the image as Kaskade's, for the garbage collector (io.kaskade.build.gc).
        command.withLabels(java.util.Map.of(io.kaskade.build.gc.EngineLabels.BUILT_ARTIFACT, image));
        if (options.target() != null && !options.target().isEmpty()) {
            command.withTarget(options.target());
        }
        if (!options.cacheFrom().isEmpty()) {
            command.withCacheFrom(Set.copyOf(options.cacheFrom()));
        }
        if (!options.extraHosts().isEmpty()) {
            command.withExtraHosts(Set.copyOf(options.extraHosts()));
        }
        return command;
    }

    /**
     * Pushes {@code image:tag} to its registry.
     *
     * @return the manifest digest the registry reported, {@code sha256:...}
     */
    public String push(String image, String tag, BuildLog log) throws BuildFailure {
        String reference = image + ":" + tag;
        AtomicReference<String> digest = new AtomicReference<>();
        AtomicReference<String> error = new AtomicReference<>();
        ResultCallback.Adapter<PushResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(PushResponseItem item) {
                if (item.getAux() != null && item.getAux().getDigest() != null) {
                    digest.set(item.getAux().getDigest());
                }
                if (item.isErrorIndicated()) {
                    String message = errorMessage(item);
                    error.compareAndSet(null, message);
                } else if (item.getStatus() != null && item.getProgressDetail() == null) {
                    log.line((item.getId() != null ? item.getId() + ": " : "") + item.getStatus());
                }
            }
        };
        Duration timeout = settings.pushTimeout();
        try {
            var push = client.pushImageCmd(image).withTag(tag);
            EngineAuth.forImage(image).ifPresent(push::withAuthConfig);
            push.exec(callback);
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw pushFailure(reference, "no answer within " + timeout, log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw pushFailure(reference, "interrupted", log);
        } catch (RuntimeException e) {
            throw pushFailure(reference, error.get() != null ? error.get() : rootMessage(e), log);
        } finally {
            closeQuietly(callback);
        }
        if (error.get() != null) {
            throw pushFailure(reference, error.get(), log);
        }
        if (digest.get() == null) {
            throw pushFailure(reference, "the engine reported no digest", log);
        }
        return digest.get();
    }

    /** Gives the engine's image {@code source} the extra name {@code image:tag}, as {@code docker tag}. */
    public void tag(String source, String image, String tag) throws BuildFailure {
        try {
            client.tagImageCmd(source, image, tag).exec();
        } catch (RuntimeException e) {
            throw new BuildFailure(
                    BuildFailure.DOCKER_FAILED,
                    "could not tag " + source + " as " + image + ":" + tag + ": " + rootMessage(e),
                    "Check the Docker engine; the image was built but not tagged.");
        }
    }

    /** The id of {@code reference} on the engine, or empty when the engine has no such image. */
    public java.util.Optional<String> imageId(String reference) {
        try {
            return java.util.Optional.ofNullable(
                    client.inspectImageCmd(reference).exec().getId());
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return java.util.Optional.empty();
        }
    }

    /** The engine's version when it answers, for the readiness check; throws when it does not. */
    public String version() {
        client.pingCmd().exec();
        return client.versionCmd().exec().getVersion();
    }

    private static String errorMessage(ResponseItem item) {
        return item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                ? item.getErrorDetail().getMessage()
                : "the engine reported an error without details";
    }

    private static BuildFailure pushFailure(String reference, String cause, BuildLog log) {
        log.line(cause);
        return new BuildFailure(
                BuildFailure.PUSH_FAILED,
                "push of " + reference + " failed: " + cause,
                "Check that the registry is running and reachable from the Docker engine, and that the image name "
                        + "starts with the registry host (e.g. 127.0.0.1:5000/team/app).",
                log.tail());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.strip();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // The stream is finished either way; nothing left to release.
        }
    }

    @PreDestroy
    void close() {
        closeQuietly(client);
    }
}
