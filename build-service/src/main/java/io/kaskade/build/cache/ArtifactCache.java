package io.kaskade.build.cache;

import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.CustomArtifact;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.tag.InputDigestTagger;
import io.kaskade.model.tag.TagException;
import io.kaskade.model.tag.TagInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The artifact cache, shared by every build-service instance because it lives in the registry:
 * an image built from given inputs is also tagged {@code kaskade-cache-<key>}, where the key hashes
 * the artifact's input digest (its Dockerfile and the files it copies, as Skaffold's inputDigest
 * tagger computes it), its builder settings, platforms, the run's variables and the digests of the
 * artifacts it requires. A later run with
 * the same key anywhere in the fleet re-tags that manifest in the registry instead of building,
 * like Skaffold's artifact cache but without a per-machine cache file.
 *
 * <p>Only artifacts whose inputs are known before building are cached: Dockerfile artifacts (from the
 * Dockerfile) and custom artifacts with declared {@code dependencies}. The cache
 * never fails a build: a registry problem only means a cache miss.
 */
public final class ArtifactCache {

    /** Tag prefix of cache entries. */
    public static final String TAG_PREFIX = "kaskade-cache-";

    private final RegistryClient registry;

    public ArtifactCache(RegistryClient registry) {
        this.registry = registry;
    }

    /**
     * The artifact's cache key, or empty when it is not cacheable: only Dockerfile artifacts and
     * custom artifacts whose {@code dependencies} name their inputs ({@link CustomInputs}) are.
     */
    public Optional<String> key(Artifact artifact, Path context, Map<String, String> variables, List<String> platforms,
            Map<String, String> requiredImages) {
        String inputs;
        Object spec;
        if (artifact.builder() instanceof DockerArtifact docker) {
            try {
                inputs = new InputDigestTagger().generateTag(
                        new TagInput(artifact.image(), context, variables, docker.dockerfileOrDefault()));
            } catch (TagException e) {
                return Optional.empty();
            }
            spec = docker;
        } else if (artifact.builder() instanceof CustomArtifact custom) {
            Optional<String> declared = CustomInputs.digest(custom.dependencies(), artifact.image(), context, variables);
            if (declared.isEmpty()) {
                return Optional.empty();
            }
            inputs = declared.get();
            spec = custom;
        } else {
            return Optional.empty();
        }
        String settings = new String(encode(spec), StandardCharsets.UTF_8);
        String material = String.join("\n", "kaskade-cache-v1", inputs, settings, String.join(",", platforms),
                new String(encode(new TreeMap<>(variables)), StandardCharsets.UTF_8),
                new String(encode(new TreeMap<>(requiredImages)), StandardCharsets.UTF_8));
        return Optional.of(sha256(material));
    }

    /**
     * Gives {@code image:tag} the manifest cached under {@code key}.
     *
     * @return the cached image, or empty on a miss
     */
    public Optional<RegistryClient.Manifest> restore(String image, String key, String tag) {
        try {
            Optional<RegistryClient.RawManifest> cached = registry.rawManifest(image, TAG_PREFIX + key);
            if (cached.isEmpty()) {
                return Optional.empty();
            }
            registry.putManifest(image, tag, cached.get());
            return registry.manifest(image, tag);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Records the pushed {@code image:tag} under {@code key}.
     *
     * @throws IOException when the registry refuses; the caller logs it, the build stands
     */
    public void remember(String image, String tag, String key) throws IOException {
        Optional<RegistryClient.RawManifest> pushed = registry.rawManifest(image, tag);
        if (pushed.isPresent()) {
            registry.putManifest(image, TAG_PREFIX + key, pushed.get());
        }
    }

    private static byte[] encode(Object value) {
        try {
            return EventCodec.mapper().writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode cache key material", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
