package io.kaskade.deploy.deployer.docker;

import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.RunStamp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The names the docker deployer gives the engine: the image reference it runs and the container's name. */
final class ContainerNames {

    private static final String KEPT = ".kept-";
    private static final int MAX_KEPT_RUN_ID = 128;
    private static final Pattern KEPT_TIME = Pattern.compile("(-?\\d{1,19})n(\\d{1,9})");

    private ContainerNames() {}

    /**
     * {@code repo:tag@sha256:...} as the engine resolves it, {@code repo@sha256:...}: the digest is
     * what is deployed, and an engine that pulls by digest stores no tag for it.
     */
    static String engineReference(String artifact, String image) {
        if (image.matches("sha256:[0-9a-f]{64}")) {
            return image; // an image id (build.local.push: false): as pinned as a digest, and only on this engine
        }
        int at = image.indexOf('@');
        if (at < 0 || !image.startsWith("sha256:", at + 1)) {
            throw new DeployException(
                    DeployErrors.DOCKER_FAILED,
                    artifact,
                    "image " + image + " of artifact " + artifact + " is not pinned by a sha256 digest",
                    "deploy only images from ImagePushed/StructureTested events, which carry repo:tag@sha256:...",
                    List.of(),
                    null);
        }
        String name = image.substring(0, at);
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        return name + image.substring(at);
    }

    /**
     * The container's name: the same for every attempt of one run and artifact (so a repeated
     * deploy finds it), different between runs, and readable in {@code docker ps}.
     */
    static String containerName(String runId, String artifact) {
        String base = artifact.substring(artifact.lastIndexOf('/') + 1);
        int colon = base.indexOf(':');
        if (colon >= 0) {
            base = base.substring(0, colon);
        }
        return "kaskade-" + slug(base, 40) + "-" + slug(runId, 36) + "-" + shortHash(artifact);
    }

    /**
     * The name a container takes when a newer run keeps it because it would run the same thing
     * ({@link DockerDeployer}): like {@link #containerName}, with the run's full id and creation time. Labels
     * cannot change after a container is created, so the name is where the keeping run's identity
     * lives; {@link #keptBy} reads it back for deploy ordering. Empty when the run id would not
     * survive in a name (longer than 128 characters, or characters a name cannot hold, such as
     * capitals): such a run replaces the container as before.
     */
    static Optional<String> keptName(String runId, Instant runCreated, String artifact) {
        if (!slug(runId, MAX_KEPT_RUN_ID).equals(runId)) {
            return Optional.empty();
        }
        return Optional.of(keptPrefix(artifact) + runId + "-" + shortHash(artifact) + KEPT + runCreated.getEpochSecond()
                + "n" + runCreated.getNano());
    }

    private static String keptPrefix(String artifact) {
        String base = artifact.substring(artifact.lastIndexOf('/') + 1);
        int colon = base.indexOf(':');
        return "kaskade-" + slug(colon >= 0 ? base.substring(0, colon) : base, 40) + "-";
    }

    /** The run that kept a container named {@code name} (see {@link #keptName}), if the name says one did. */
    static Optional<RunStamp> keptBy(String name, String artifact) {
        int kept = name.lastIndexOf(KEPT);
        if (artifact == null || kept < 0) {
            return Optional.empty();
        }
        String prefix = keptPrefix(artifact);
        String suffix = "-" + shortHash(artifact);
        String head = name.substring(0, kept);
        Matcher time = KEPT_TIME.matcher(name.substring(kept + KEPT.length()));
        if (!head.startsWith(prefix)
                || !head.endsWith(suffix)
                || head.length() <= prefix.length() + suffix.length()
                || !time.matches()) {
            return Optional.empty();
        }
        String runId = head.substring(prefix.length(), head.length() - suffix.length());
        return Optional.of(new RunStamp(
                runId, Instant.ofEpochSecond(Long.parseLong(time.group(1)), Long.parseLong(time.group(2)))));
    }

    private static String slug(String text, int max) {
        String slug =
                text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[^a-z0-9]+", "");
        if (slug.isEmpty()) {
            slug = "x";
        }
        return slug.length() > max ? slug.substring(0, max) : slug;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
