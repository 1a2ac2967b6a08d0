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
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;
import org.jboss.logging.Logger;

/**
 * The artifact cache, shared by every build-service instance because it lives in the registry:
 * an image built from given inputs is also tagged {@code kaskade-cache-<key>-<time>-<mac>} ({@link CacheTags}:
 * signed, so only the build fleet can make a tag the cache trusts), where the key hashes
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
    public static final String TAG_PREFIX = CacheTags.PREFIX;

    private static final Logger LOG = Logger.getLogger(ArtifactCache.class);
    /** Signed tags of one key tried per lookup, newest first: a flood of forged tags costs a bounded number of reads. */
    private static final int MAX_CANDIDATES = 8;

    private final RegistryClient registry;
    private final CacheTags tags;
    private final Duration maxAge;

    /**
     * @param tags the fleet's cache tag signer
     * @param maxAge the cache's max age ({@link CacheSettings#maxAge()}): a hit older than half of it is signed again
     */
    public ArtifactCache(RegistryClient registry, CacheTags tags, Duration maxAge) {
        this.registry = registry;
        this.tags = tags;
        this.maxAge = maxAge;
    }

    /**
     * The artifact's cache key, or empty when it is not cacheable: only Dockerfile artifacts and
     * custom artifacts whose {@code dependencies} name their inputs ({@link CustomInputs}) are.
     */
    public Optional<String> key(
            Artifact artifact,
            Path context,
            Map<String, String> variables,
            List<String> platforms,
            Map<String, String> requiredImages) {
        String inputs;
        Object spec;
        if (artifact.builder() instanceof DockerArtifact docker) {
            try {
                inputs = new InputDigestTagger()
                        .generateTag(new TagInput(artifact.image(), context, variables, docker.dockerfileOrDefault()));
            } catch (TagException e) {
                return Optional.empty();
            }
            spec = docker;
        } else if (artifact.builder() instanceof CustomArtifact custom) {
            Optional<String> declared =
                    CustomInputs.digest(custom.dependencies(), artifact.image(), context, variables);
            if (declared.isEmpty()) {
                return Optional.empty();
            }
            inputs = declared.get();
            spec = custom;
        } else {
            return Optional.empty();
        }
        String settings = new String(encode(spec), StandardCharsets.UTF_8);
        String material = String.join(
                "\n",
                "kaskade-cache-v1",
                inputs,
                settings,
                String.join(",", platforms),
                new String(encode(new TreeMap<>(variables)), StandardCharsets.UTF_8),
                new String(encode(new TreeMap<>(requiredImages)), StandardCharsets.UTF_8));
        return Optional.of(DigestUtils.sha256Hex(material));
    }

    /**
     * Gives {@code image:tag} the manifest cached under {@code key}: the newest signed cache tag of the
     * key whose MAC verifies for the manifest it points to. A cache tag that does not verify (moved or
     * forged by someone without the signing key, or unsigned from before signing) is a miss, logged.
     * A hit older than half the cache's max age is signed again, so an entry in use is not collected.
     *
     * @return the cached image, or empty on a miss
     */
    public Optional<RegistryClient.Manifest> restore(String image, String key, String tag) {
        try {
            List<String> all = registry.tags(image);
            if (all.contains(CacheTags.PREFIX + key)) {
                LOG.infof("cache tag %s:%s%s has no signature: ignored", image, CacheTags.PREFIX, key);
            }
            List<CacheTags.Entry> candidates = all.stream()
                    .filter(t -> t.startsWith(CacheTags.PREFIX + key + "-"))
                    .map(CacheTags::parse)
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparingLong(CacheTags.Entry::writtenAt).reversed())
                    .limit(MAX_CANDIDATES)
                    .toList();
            for (CacheTags.Entry entry : candidates) {
                Optional<RegistryClient.RawManifest> cached = registry.rawManifest(image, entry.tag());
                if (cached.isEmpty()) {
                    continue;
                }
                if (!tags.verifies(entry, cached.get().digest())) {
                    LOG.warnf(
                            "cache tag %s:%s does not verify for %s (moved or forged without the signing key): "
                                    + "ignored, a miss",
                            image, entry.tag(), cached.get().digest());
                    continue;
                }
                registry.putManifest(image, tag, cached.get());
                if (entry.written().isBefore(tags.now().minus(maxAge.dividedBy(2)))) {
                    registry.putManifest(image, tags.tagFor(key, cached.get().digest()), cached.get());
                }
                return registry.manifest(image, tag);
            }
            return Optional.empty();
        } catch (IOException e) {
            LOG.infof("artifact cache lookup for %s failed, building instead: %s", image, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Records the pushed {@code image:tag} under {@code key}, as a signed cache tag.
     *
     * @throws IOException when the registry refuses; the caller logs it, the build stands
     */
    public void remember(String image, String tag, String key) throws IOException {
        Optional<RegistryClient.RawManifest> pushed = registry.rawManifest(image, tag);
        if (pushed.isPresent()) {
            registry.putManifest(image, tags.tagFor(key, pushed.get().digest()), pushed.get());
        }
    }

    private static byte[] encode(Object value) {
        try {
            return EventCodec.mapper().writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode cache key material", e);
        }
    }
}
