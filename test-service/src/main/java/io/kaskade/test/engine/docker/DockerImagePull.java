package io.kaskade.test.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.kaskade.model.image.ImageReference;
import io.kaskade.test.engine.ImageUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Makes the image to test available to the Docker engine, by digest.
 *
 * <p>When the engine already holds an image whose {@code RepoDigests} list the pushed
 * {@code repository@digest}, that image is the pushed manifest's image (a digest names exactly one
 * manifest), so the registry round trip is skipped: in the pipeline the engine that built and pushed the
 * image is usually the one that tests it. container-structure-test does the same: without {@code --pull}
 * it tests the engine's copy. Anything else is pulled: a tag alone (it may have moved), a platform the
 * local copy does not match, or a platform with a variant (the engine does not report variants).
 */
final class DockerImagePull {

    private static final Logger LOG = Logger.getLogger(DockerImagePull.class);

    private final DockerClient client;
    private final Duration timeout;

    DockerImagePull(DockerClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** @return {@link #pinned} of the image */
    String pull(String image, String platform) {
        ImageReference ref = reference(image);
        String wanted = platform == null ? "" : platform.trim();
        if (alreadyHas(ref, wanted)) {
            return pinned(ref);
        }
        var pull =
                client.pullImageCmd(ref.baseName()).withTag(ref.digest().isEmpty() ? tagOrLatest(ref) : ref.digest());
        if (!wanted.isEmpty()) {
            pull.withPlatform(wanted);
        }
        try (QuietPullCallback callback = pull.exec(new QuietPullCallback())) {
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ImageUnavailableException("pulling " + image + " did not finish within " + timeout, null);
            }
            if (callback.error != null) {
                throw new ImageUnavailableException(
                        "cannot pull " + image + ": " + callback.error.getMessage(), callback.error);
            }
        } catch (ImageUnavailableException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageUnavailableException("interrupted while pulling " + image, e);
        } catch (IOException | RuntimeException e) {
            throw new ImageUnavailableException("cannot pull " + image + ": " + e.getMessage(), e);
        }
        return pinned(ref);
    }

    /**
     * Whether the engine holds the image the reference's digest names, for the platform asked (empty: the
     * engine's own, which is what a pull without a platform gives).
     */
    boolean alreadyHas(ImageReference ref, String platform) {
        if (ref.digest().isEmpty()) {
            return false;
        }
        InspectImageResponse local;
        try {
            local = client.inspectImageCmd(pinned(ref)).exec();
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            LOG.debugf("cannot inspect %s before pulling it: %s", pinned(ref), e.getMessage());
            return false;
        }
        String wanted = familiar(ref.baseName()) + "@" + ref.digest();
        List<String> digests = local.getRepoDigests() == null ? List.of() : local.getRepoDigests();
        boolean same = digests.stream().anyMatch(d -> familiar(d).equals(wanted));
        return same && platformMatches(local, platform);
    }

    private static boolean platformMatches(InspectImageResponse local, String platform) {
        if (platform.isEmpty()) {
            return true;
        }
        String[] parts = platform.toLowerCase(Locale.ROOT).split("/");
        return parts.length == 2 && parts[0].equals(local.getOs()) && parts[1].equals(local.getArch());
    }

    /** Docker Hub names as the engine lists them ({@code busybox@...}, not {@code docker.io/library/busybox@...}). */
    private static String familiar(String name) {
        for (String prefix :
                List.of("docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/")) {
            if (name.startsWith(prefix)) {
                return name.substring(prefix.length());
            }
        }
        return name;
    }

    private static ImageReference reference(String image) {
        try {
            return ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            throw new ImageUnavailableException("cannot pull " + image + ": " + e.getMessage(), e);
        }
    }

    private static String tagOrLatest(ImageReference ref) {
        return ref.tag().isEmpty() ? "latest" : ref.tag();
    }

    /** The reference to run: by digest when there is one, since a tag may have moved since the push. */
    static String pinned(ImageReference ref) {
        return ref.digest().isEmpty() ? ref.baseName() + ":" + tagOrLatest(ref) : ref.baseName() + "@" + ref.digest();
    }

    /**
     * A pull callback that keeps the engine's refusal for the stage's report instead of logging it
     * as an error: an image that cannot be pulled is a user-facing outcome, not a service fault.
     */
    private static final class QuietPullCallback extends PullImageResultCallback {
        private volatile Throwable error;

        @Override
        public void onError(Throwable throwable) {
            if (error == null) {
                error = throwable;
            }
            try {
                close();
            } catch (IOException e) {
                LOG.debugf("closing the pull stream: %s", e.getMessage());
            }
        }
    }
}
