package io.kaskade.build.gc;

import io.kaskade.build.cache.CacheTags;
import io.kaskade.build.registry.RegistryClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Deletes expired artifact cache entries from a registry: the manifests whose signed cache tags
 * ({@link CacheTags}) of one key are all older than the cache's max age. A tag that does not verify
 * with the fleet's key was not written by Kaskade and its manifest is never touched, nor is a manifest
 * a live cache tag still points to.
 *
 * <p>The registry API deletes manifests, not tags ({@code DELETE /v2/<name>/manifests/<digest>}), so the
 * run tags of an expired image go with it: the max age must be longer than an image must stay pullable.
 */
final class RegistryGarbageCollector {

    private static final Logger LOG = Logger.getLogger(RegistryGarbageCollector.class);

    private final RegistryClient registry;
    private final CacheTags tags;
    private final Duration maxAge;
    private final int maxRepositories;
    /** Where the next pass goes on in each registry's catalog; one entry per configured registry. */
    private final Map<String, String> cursors = new HashMap<>();

    RegistryGarbageCollector(RegistryClient registry, CacheTags tags, Duration maxAge, int maxRepositories) {
        this.registry = registry;
        this.tags = tags;
        this.maxAge = maxAge;
        this.maxRepositories = maxRepositories;
    }

    /**
     * One bounded pass over {@code host}'s catalog: up to the configured number of repositories after
     * where the last pass stopped.
     *
     * @return how many manifests were deleted
     */
    synchronized int sweepRegistry(String host, Budget budget) throws IOException {
        List<String> repositories = registry.repositories(host);
        String after = cursors.getOrDefault(host, "");
        List<String> next = repositories.stream()
                .sorted()
                .filter(r -> r.compareTo(after) > 0)
                .limit(maxRepositories)
                .toList();
        int deleted = 0;
        String last = after;
        for (String repository : next) {
            if (budget.exhausted()) {
                // The next pass starts with this repository again.
                cursors.put(host, last);
                return deleted;
            }
            deleted += sweepRepository(host + "/" + repository, budget);
            last = repository;
        }
        cursors.put(host, next.size() < maxRepositories ? "" : last);
        return deleted;
    }

    /**
     * Deletes the expired cache entries of {@code image}'s repository ({@code host[:port]/path}).
     *
     * @return how many manifests were deleted
     */
    int sweepRepository(String image, Budget budget) throws IOException {
        Map<String, List<CacheTags.Entry>> byKey = registry.tags(image).stream()
                .map(CacheTags::parse)
                .flatMap(Optional::stream)
                .collect(Collectors.groupingBy(CacheTags.Entry::key));
        Instant oldest = tags.now().minus(maxAge);
        List<CacheTags.Entry> expired = new ArrayList<>();
        List<CacheTags.Entry> live = new ArrayList<>();
        for (List<CacheTags.Entry> entries : byKey.values()) {
            Instant newest = entries.stream()
                    .map(CacheTags.Entry::written)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            (newest.isBefore(oldest) ? expired : live).addAll(entries);
        }
        if (expired.isEmpty()) {
            return 0;
        }
        Set<String> doomed = genuineDigests(image, expired);
        doomed.removeAll(genuineDigests(image, live));
        int deleted = 0;
        for (String digest : doomed) {
            if (!budget.take()) {
                break;
            }
            registry.deleteManifest(image, digest);
            LOG.infof(
                    "garbage collection: deleted %s@%s (its artifact cache entry expired after %s)",
                    image, digest, maxAge);
            deleted++;
        }
        return deleted;
    }

    /** The manifests {@code entries} point to, for the entries whose MAC verifies. */
    private Set<String> genuineDigests(String image, List<CacheTags.Entry> entries) throws IOException {
        Set<String> digests = new LinkedHashSet<>();
        for (CacheTags.Entry entry : entries) {
            Optional<RegistryClient.RawManifest> manifest = registry.rawManifest(image, entry.tag());
            if (manifest.isEmpty()) {
                continue;
            }
            if (tags.verifies(entry, manifest.get().digest())) {
                digests.add(manifest.get().digest());
            } else {
                LOG.warnf(
                        "garbage collection: %s:%s is not a cache tag Kaskade signed: left alone", image, entry.tag());
            }
        }
        return digests;
    }
}
