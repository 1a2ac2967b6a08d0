package io.kaskade.build.builder.jib;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.service.registry.RegistryCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * The one class that talks to jib-core: builds images daemonlessly, layer by layer, and puts them
 * into a registry or the local Docker engine. Everything else in Kaskade sees only JDK types and
 * {@link BuildFailure}. A registry on loopback ({@code 127.0.0.1}, {@code localhost}) or in the run's
 * {@code build.insecureRegistries} may be used over plain HTTP, as the Docker engine does; any other
 * registry must speak HTTPS.
 */
public final class JibImages {

    /** Where an image goes. */
    public enum Target {
        /** Pushed straight to the registry its name points at. */
        REGISTRY,
        /** Loaded into the local Docker engine (the {@code build.local.push: false} case). */
        DOCKER_DAEMON
    }

    /** One layer of the image: its name and the files in it, each with its absolute path in the image. */
    public record Layer(String name, List<Entry> entries) {
        public Layer {
            entries = List.copyOf(entries);
        }
    }

    /** A file on disk and where it goes in the image. */
    public record Entry(Path source, String pathInImage) {}

    /** What jib produced: the manifest digest (null for an image only in the engine) and the config digest. */
    public record Result(String digest, String imageId) {}

    private static final String FAILED = JibBuilder.JIB_FAILED;

    private JibImages() {}

    /**
     * Builds {@code reference} from {@code fromImage} (a registry image) plus {@code layers} with
     * {@code entrypoint}, for {@code platforms} ({@code os/arch}; empty: the base image's own, and
     * more than one needs a multi-platform base). Layers are reproducible (fixed file times, the epoch as creation time), so
     * unchanged inputs give the same digest and every layer already in the registry is skipped.
     */
    public static Result containerize(
            String fromImage,
            List<Layer> layers,
            List<String> entrypoint,
            List<String> platforms,
            String reference,
            Target target,
            List<String> insecureRegistries,
            BuildLog log)
            throws BuildFailure {
        try {
            JibContainerBuilder container = Jib.from(registryImage(fromImage));
            if (!platforms.isEmpty()) {
                Set<Platform> wanted = new LinkedHashSet<>();
                for (String platform : platforms) {
                    String[] parts = platform.split("/");
                    if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
                        throw new BuildFailure(
                                BuildFailure.CONFIG_INVALID,
                                "platform '" + platform + "' is not os/arch",
                                "Write platforms like linux/amd64.",
                                log.tail());
                    }
                    wanted.add(new Platform(parts[1], parts[0]));
                }
                container.setPlatforms(wanted);
            }
            for (Layer layer : layers) {
                FileEntriesLayer.Builder files = FileEntriesLayer.builder().setName(layer.name());
                for (Entry entry : layer.entries()) {
                    files.addEntry(entry.source(), AbsoluteUnixPath.get(entry.pathInImage()));
                }
                container.addFileEntriesLayer(files.build());
            }
            container.setEntrypoint(entrypoint);
            return run(
                    container,
                    reference,
                    target,
                    insecure(fromImage, insecureRegistries) || insecure(reference, insecureRegistries),
                    log);
        } catch (InvalidImageReferenceException e) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "invalid image reference: " + e.getMessage(),
                    "Check the artifact's image name and jib.fromImage.",
                    log.tail());
        }
    }

    /**
     * Pushes the image in {@code tarball} (the format of {@code docker save}, as Bazel's image rules
     * write it) to the registry as {@code reference}; its layers and config are kept as they are.
     */
    public static Result pushTarball(Path tarball, String reference, List<String> insecureRegistries, BuildLog log)
            throws BuildFailure {
        return run(
                Jib.from(TarImage.at(tarball)),
                reference,
                Target.REGISTRY,
                insecure(reference, insecureRegistries),
                log);
    }

    /** Loads the image in {@code tarball} into the local Docker engine as {@code reference} ({@code build.local.push: false}). */
    public static Result loadTarball(Path tarball, String reference, BuildLog log) throws BuildFailure {
        return run(Jib.from(TarImage.at(tarball)), reference, Target.DOCKER_DAEMON, false, log);
    }

    /** Copies {@code reference} from the local Docker engine to its registry, for an image {@link Target#DOCKER_DAEMON} built. */
    public static Result pushFromDaemon(String reference, List<String> insecureRegistries, BuildLog log)
            throws BuildFailure {
        try {
            return run(
                    Jib.from(DockerDaemonImage.named(reference)),
                    reference,
                    Target.REGISTRY,
                    insecure(reference, insecureRegistries),
                    log);
        } catch (InvalidImageReferenceException e) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "invalid image reference: " + e.getMessage(),
                    "Check the artifact's image name.",
                    log.tail());
        }
    }

    private static Result run(
            JibContainerBuilder container, String reference, Target target, boolean allowInsecure, BuildLog log)
            throws BuildFailure {
        try {
            Containerizer containerizer = (target == Target.REGISTRY
                            ? Containerizer.to(registryImage(reference))
                            : Containerizer.to(DockerDaemonImage.named(reference)))
                    .setAllowInsecureRegistries(allowInsecure)
                    .setToolName("kaskade")
                    .addEventHandler(LogEvent.class, event -> logEvent(event, log));
            JibContainer built = container.containerize(containerizer);
            String digest = target == Target.REGISTRY ? built.getDigest().toString() : null;
            return new Result(digest, built.getImageId().toString());
        } catch (InvalidImageReferenceException e) {
            throw new BuildFailure(
                    BuildFailure.CONFIG_INVALID,
                    "invalid image reference '" + reference + "': " + e.getMessage(),
                    "Check the artifact's image name.",
                    log.tail());
        } catch (RegistryException e) {
            throw new BuildFailure(
                    BuildFailure.PUSH_FAILED,
                    "jib could not push " + reference + ": " + e.getMessage(),
                    "Check that the registry (and the base image's registry) is running and accepts pushes.",
                    log.tail());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String code = cause instanceof RegistryException || cause instanceof IOException
                    ? BuildFailure.PUSH_FAILED
                    : FAILED;
            throw new BuildFailure(
                    code,
                    "jib could not build " + reference + ": " + cause,
                    "Check that the base image exists in a reachable registry and that the registry accepts pushes.",
                    log.tail());
        } catch (IOException | CacheDirectoryCreationException e) {
            throw new BuildFailure(
                    FAILED,
                    "jib could not build " + reference + ": " + e,
                    "Check the disk space and the permissions of jib's cache (~/.cache/google-cloud-tools-java/jib).",
                    log.tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildFailure(
                    FAILED,
                    "jib build of " + reference + " was interrupted",
                    "The build-service is shutting down; the run can be retried.",
                    log.tail());
        }
    }

    /**
     * {@code reference} in its registry, with the service's login for it ({@link RegistryCredentials}):
     * jib asks the docker config (credential helpers included) only when the registry wants a login.
     */
    private static RegistryImage registryImage(String reference) throws InvalidImageReferenceException {
        String registry = ImageReference.parse(reference).getRegistry();
        return RegistryImage.named(reference)
                .addCredentialRetriever(RegistryCredentials.configured().retriever(registry));
    }

    private static void logEvent(LogEvent event, BuildLog log) {
        if (event.getLevel() != LogEvent.Level.DEBUG && !event.getMessage().isBlank()) {
            log.line("[jib] " + event.getMessage());
        }
    }

    /** Whether the image's registry is on loopback or declared insecure, where plain HTTP is allowed. */
    static boolean insecure(String reference, List<String> insecureRegistries) {
        try {
            String registry = ImageReference.parse(reference).getRegistry();
            String host = registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
            return host.equals("localhost") || host.startsWith("127.") || insecureRegistries.contains(registry);
        } catch (InvalidImageReferenceException e) {
            return false;
        }
    }
}
