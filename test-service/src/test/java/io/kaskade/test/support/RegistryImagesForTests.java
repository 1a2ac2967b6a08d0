package io.kaskade.test.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.testing.RealParts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds images layer by layer and pushes them straight to the real registry through its HTTP API,
 * with no Docker engine: exactly the bytes a test needs (whiteouts, symlinks, hard links, an index of
 * several platforms), which a Dockerfile cannot always produce.
 */
public final class RegistryImagesForTests {

    public static final String REPOSITORY_PREFIX = "kaskade-test/cst-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    private RegistryImagesForTests() {}

    /** One layer under construction: entries in tar order. */
    public static final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        public Layer() {
            try {
                tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes));
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public Layer dir(String path, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(path.endsWith("/") ? path : path + "/");
            e.setMode(040000 | mode);
            return put(e, null);
        }

        public Layer file(String path, int mode, String content) {
            return file(path, mode, 0, 0, content);
        }

        public Layer file(String path, int mode, int uid, int gid, String content) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(path);
            e.setMode(0100000 | mode);
            e.setSize(data.length);
            e.setUserId(uid);
            e.setGroupId(gid);
            return put(e, data);
        }

        public Layer symlink(String path, String target) {
            TarArchiveEntry e = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
            e.setLinkName(target);
            e.setMode(0120777);
            return put(e, null);
        }

        public Layer hardLink(String path, String target) {
            TarArchiveEntry e = new TarArchiveEntry(path, TarConstants.LF_LINK);
            e.setLinkName(target);
            return put(e, null);
        }

        /** Deletes {@code path} of the layers below ({@code .wh.NAME}). */
        public Layer whiteout(String path) {
            int slash = path.lastIndexOf('/');
            return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), 0644, "");
        }

        /** Hides everything the layers below put in {@code dir} ({@code .wh..wh..opq}). */
        public Layer opaque(String dir) {
            return file(dir + "/.wh..wh..opq", 0644, "");
        }

        private Layer put(TarArchiveEntry entry, byte[] data) {
            try {
                tar.putArchiveEntry(entry);
                if (data != null) {
                    tar.write(data);
                }
                tar.closeArchiveEntry();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        public byte[] finish() {
            try {
                tar.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** The config of an image: env, labels, ports, volumes, entrypoint, cmd, workdir, user, platform. */
    public record Config(
            List<String> env,
            Map<String, String> labels,
            List<String> exposedPorts,
            List<String> volumes,
            List<String> entrypoint,
            List<String> cmd,
            String workdir,
            String user,
            String os,
            String architecture) {
        public static Config simple() {
            return new Config(
                    List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                    Map.of(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of("/bin/sh"),
                    "",
                    "",
                    "linux",
                    "amd64");
        }

        public Config forPlatform(String newOs, String newArchitecture) {
            return new Config(
                    env, labels, exposedPorts, volumes, entrypoint, cmd, workdir, user, newOs, newArchitecture);
        }
    }

    /** A fresh repository name on the real registry. */
    public static String newRepository(String what) {
        RealParts.requireRegistry();
        return RealParts.REGISTRY + "/" + REPOSITORY_PREFIX + what + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Pushes an image of {@code layers} under {@code repository:tag}; returns {@code repository:tag@sha256:...}. */
    public static String push(String repository, String tag, Config config, Layer... layers) {
        List<byte[]> blobs = new ArrayList<>();
        for (Layer layer : layers) {
            blobs.add(layer.finish());
        }
        Pushed manifest = pushManifestOf(repository, config, blobs);
        put(repository, "/manifests/" + tag, "application/vnd.oci.image.manifest.v1+json", manifest.body());
        return repository + ":" + tag + "@" + manifest.digest();
    }

    /** Pushes an OCI index with one image per config (each of {@code layers}); returns {@code repo:tag@sha256:...}. */
    public static String pushIndex(String repository, String tag, List<Config> platforms, Layer layers) {
        byte[] layer = layers.finish();
        ArrayNode manifests = JSON.createArrayNode();
        for (Config config : platforms) {
            Pushed manifest = pushManifestOf(repository, config, List.of(layer));
            ObjectNode entry = manifests.addObject();
            entry.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            entry.put("digest", manifest.digest());
            entry.put("size", manifest.body().length);
            entry.putObject("platform").put("os", config.os()).put("architecture", config.architecture());
        }
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        index.set("manifests", manifests);
        byte[] body = bytes(index);
        put(repository, "/manifests/" + tag, "application/vnd.oci.image.index.v1+json", body);
        return repository + ":" + tag + "@" + sha256(body);
    }

    private record Pushed(String digest, byte[] body) {}

    private static Pushed pushManifestOf(String repository, Config config, List<byte[]> layers) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        ArrayNode layerNodes = JSON.createArrayNode();
        List<String> diffIds = new ArrayList<>();
        for (byte[] layer : layers) {
            String digest = pushBlob(repository, layer);
            layerNodes
                    .addObject()
                    .put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
                    .put("digest", digest)
                    .put("size", layer.length);
            diffIds.add(digest); // not the uncompressed digest, but nothing here reads diff ids
        }
        byte[] configBlob = configJson(config, diffIds);
        String configDigest = pushBlob(repository, configBlob);
        manifest.putObject("config")
                .put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", configDigest)
                .put("size", configBlob.length);
        manifest.set("layers", layerNodes);
        byte[] body = bytes(manifest);
        String digest = sha256(body);
        put(repository, "/manifests/" + digest, "application/vnd.oci.image.manifest.v1+json", body);
        return new Pushed(digest, body);
    }

    private static byte[] configJson(Config config, List<String> diffIds) {
        ObjectNode root = JSON.createObjectNode();
        root.put("os", config.os());
        root.put("architecture", config.architecture());
        ObjectNode c = root.putObject("config");
        config.env().forEach(c.putArray("Env")::add);
        ObjectNode labels = c.putObject("Labels");
        config.labels().forEach(labels::put);
        ObjectNode ports = c.putObject("ExposedPorts");
        config.exposedPorts().forEach(p -> ports.putObject(p));
        ObjectNode volumes = c.putObject("Volumes");
        config.volumes().forEach(v -> volumes.putObject(v));
        if (!config.entrypoint().isEmpty()) {
            config.entrypoint().forEach(c.putArray("Entrypoint")::add);
        }
        config.cmd().forEach(c.putArray("Cmd")::add);
        c.put("WorkingDir", config.workdir());
        c.put("User", config.user());
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        diffIds.forEach(rootfs.putArray("diff_ids")::add);
        return bytes(root);
    }

    private static String pushBlob(String repository, byte[] blob) {
        String digest = sha256(blob);
        String[] parts = split(repository);
        try {
            HttpResponse<Void> start = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://" + parts[0] + "/v2/" + parts[1] + "/blobs/uploads/"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofMinutes(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(start.statusCode())
                    .as("starting a blob upload to " + repository)
                    .isEqualTo(202);
            String location = start.headers().firstValue("Location").orElseThrow();
            URI base = URI.create("http://" + parts[0] + "/").resolve(location);
            String sep = base.toString().contains("?") ? "&" : "?";
            HttpResponse<String> done = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + sep + "digest=" + digest))
                            .header("Content-Type", "application/octet-stream")
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                            .timeout(Duration.ofMinutes(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode())
                    .as("uploading blob to " + repository + ": " + done.body())
                    .isEqualTo(201);
            return digest;
        } catch (IOException e) {
            throw new AssertionError("the registry " + parts[0] + " does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void put(String repository, String suffix, String mediaType, byte[] body) {
        String[] parts = split(repository);
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://" + parts[0] + "/v2/" + parts[1] + suffix))
                            .header("Content-Type", mediaType)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                            .timeout(Duration.ofMinutes(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("putting " + suffix + " to " + repository + ": " + response.body())
                    .isEqualTo(201);
        } catch (IOException e) {
            throw new AssertionError("the registry " + parts[0] + " does not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String[] split(String repository) {
        int slash = repository.indexOf('/');
        return new String[] {repository.substring(0, slash), repository.substring(slash + 1)};
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
