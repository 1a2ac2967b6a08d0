package io.kaskade.test.engine.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.test.engine.ImageConfig;
import io.kaskade.test.engine.ImageUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves an image reference to one platform's manifest, config and layers. An OCI index or Docker
 * manifest list is narrowed to the platform asked for ({@code --platform}), else to this machine's
 * ({@code linux/amd64} on x86-64), as {@code docker pull} does; when the index lacks it, the error lists
 * the platforms it has.
 */
public final class RegistryImages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_INDEX_DEPTH = 2;

    private final RegistryApi api;

    public RegistryImages(RegistryApi api) {
        this.api = api;
    }

    /** One layer of an image, in application order. */
    public record Layer(String digest, String mediaType, long size) {}

    /**
     * One platform's image.
     *
     * @param manifestDigest the digest of the platform's own manifest (not of the index)
     * @param platform {@code os/architecture[/variant]} from the image config
     */
    public record ResolvedImage(
            RegistryRef ref, String manifestDigest, String platform, ImageConfig config, List<Layer> layers) {}

    /**
     * @param platform {@code os/arch[/variant]}, or empty for this machine's platform
     * @throws ImageUnavailableException when the image, its platform or one of its parts cannot be read
     */
    public ResolvedImage resolve(String image, String platform) {
        RegistryRef ref = RegistryRef.parse(image);
        String wanted = platform == null || platform.isBlank() ? hostPlatform() : platform.trim();
        RegistryApi.Manifest manifest = api.manifest(ref, ref.reference());
        for (int depth = 0; isIndex(manifest, tree(manifest)); depth++) {
            if (depth >= MAX_INDEX_DEPTH) {
                throw new ImageUnavailableException(
                        image + ": image indexes nest deeper than " + MAX_INDEX_DEPTH, null);
            }
            manifest = api.manifest(ref, pick(image, tree(manifest), wanted));
        }
        JsonNode tree = tree(manifest);
        JsonNode configDescriptor = tree.path("config");
        if (!configDescriptor.hasNonNull("digest")) {
            throw new ImageUnavailableException(
                    image + ": the manifest (" + manifest.mediaType()
                            + ") is not an image manifest with a config; schema 1 manifests are not supported",
                    null);
        }
        JsonNode config =
                parse(api.smallBlob(ref, configDescriptor.get("digest").asText()), image + "'s config");
        String actual = platformOf(config);
        if (platform != null && !platform.isBlank() && !matches(actual, wanted)) {
            throw new ImageUnavailableException(
                    image + " is a single-platform image for " + actual + ", not for the requested platform " + wanted,
                    null);
        }
        List<Layer> layers = new ArrayList<>();
        for (JsonNode layer : tree.path("layers")) {
            layers.add(new Layer(
                    layer.path("digest").asText(),
                    layer.path("mediaType").asText(),
                    layer.path("size").asLong()));
        }
        return new ResolvedImage(ref, manifest.digest(), actual, toImageConfig(config.path("config")), layers);
    }

    private static boolean isIndex(RegistryApi.Manifest manifest, JsonNode tree) {
        return manifest.mediaType().contains("index")
                || manifest.mediaType().contains("manifest.list")
                || (tree.has("manifests") && !tree.has("config"));
    }

    private static String pick(String image, JsonNode index, String wanted) {
        List<String> available = new ArrayList<>();
        for (JsonNode entry : index.path("manifests")) {
            JsonNode p = entry.path("platform");
            String name = p.path("os").asText() + "/" + p.path("architecture").asText()
                    + (p.hasNonNull("variant") ? "/" + p.path("variant").asText() : "");
            if (name.equals("unknown/unknown")) {
                continue; // attestation manifests that BuildKit adds, not runnable images
            }
            if (matches(name, wanted)) {
                return entry.path("digest").asText();
            }
            available.add(name);
        }
        throw new ImageUnavailableException(
                image + " has no image for platform " + wanted + "; its index has: " + String.join(", ", available),
                null);
    }

    /** {@code linux/arm64} matches {@code linux/arm64/v8}: a variant left out means any variant. */
    static boolean matches(String actual, String wanted) {
        String a = actual.toLowerCase(Locale.ROOT);
        String w = wanted.toLowerCase(Locale.ROOT);
        return a.equals(w) || a.startsWith(w + "/") || w.startsWith(a + "/");
    }

    static String hostPlatform() {
        String arch = System.getProperty("os.arch", "amd64");
        String goArch = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> arch;
        };
        return "linux/" + goArch;
    }

    private static String platformOf(JsonNode config) {
        return config.path("os").asText("linux") + "/"
                + config.path("architecture").asText("amd64")
                + (config.hasNonNull("variant") ? "/" + config.path("variant").asText() : "");
    }

    private static ImageConfig toImageConfig(JsonNode config) {
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels")
                .properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ImageConfig(
                strings(config.path("Env")),
                strings(config.path("Entrypoint")),
                strings(config.path("Cmd")),
                keys(config.path("Volumes")),
                config.path("WorkingDir").asText(""),
                keys(config.path("ExposedPorts")),
                labels,
                config.path("User").asText(""));
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            keys.add(names.next());
        }
        return keys;
    }

    private static JsonNode tree(RegistryApi.Manifest manifest) {
        return parse(manifest.body(), "manifest " + manifest.digest());
    }

    private static JsonNode parse(byte[] body, String what) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ImageUnavailableException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
