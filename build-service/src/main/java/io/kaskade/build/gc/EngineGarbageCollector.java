package io.kaskade.build.gc;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Removes from the Docker engine what Kaskade made there and later runs superseded:
 * <ul>
 *   <li>images the build-service built ({@link EngineLabels#BUILT_ARTIFACT}) beyond the newest
 *       {@code keep} of each artifact; an image a container still uses stays (the engine refuses);</li>
 *   <li>stopped containers of the docker deployer ({@code kaskade.managed=true} with a run id) when a
 *       later run of the same repository, ref and artifact has a container: the latest run's stopped
 *       container stays, for its logs.</li>
 * </ul>
 * Nothing without these labels is looked at. Removal never forces.
 */
final class EngineGarbageCollector {

    private static final Logger LOG = Logger.getLogger(EngineGarbageCollector.class);
    private static final Set<String> STOPPED = Set.of("exited", "created", "dead");

    private final DockerClient client;
    private final int keep;
    private final Map<String, String> scope;

    /**
     * @param keep how many images of each artifact stay
     * @param scope more labels (name to value) everything collected must carry; empty in the service,
     *     a test's own label in tests, which share the engine with other work
     */
    EngineGarbageCollector(DockerClient client, int keep, Map<String, String> scope) {
        this.client = client;
        this.keep = Math.max(1, keep);
        this.scope = Map.copyOf(scope);
    }

    private String[] labels(String... required) {
        List<String> all = new java.util.ArrayList<>(List.of(required));
        scope.forEach((name, value) -> all.add(name + "=" + value));
        return all.toArray(String[]::new);
    }

    /** @return how many images were removed */
    int sweepImages(Budget budget) {
        List<Image> images = client.listImagesCmd()
                .withLabelFilter(labels(EngineLabels.BUILT_ARTIFACT))
                .exec();
        Map<String, List<Image>> byArtifact = images.stream()
                .filter(i -> i.getLabels() != null)
                .collect(Collectors.groupingBy(i -> i.getLabels().get(EngineLabels.BUILT_ARTIFACT)));
        int removed = 0;
        for (List<Image> ofArtifact : byArtifact.values()) {
            List<Image> superseded = ofArtifact.stream()
                    .sorted(Comparator.comparing(Image::getCreated).reversed())
                    .skip(keep)
                    .toList();
            for (Image image : superseded) {
                if (!budget.take()) {
                    return removed;
                }
                if (removeImage(image)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** @return how many containers were removed */
    int sweepContainers(Budget budget) {
        List<Container> containers = client
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(labels(EngineLabels.MANAGED + "=true")))
                .exec()
                .stream()
                .filter(c -> c.getLabels() != null && c.getLabels().containsKey(EngineLabels.RUN_ID))
                .toList();
        Map<String, String> latestRun = containers.stream()
                .collect(Collectors.toMap(
                        EngineGarbageCollector::target,
                        c -> c.getLabels().getOrDefault(EngineLabels.RUN_CREATED, ""),
                        (a, b) -> a.compareTo(b) >= 0 ? a : b));
        int removed = 0;
        for (Container container : containers) {
            boolean stopped = STOPPED.contains(String.valueOf(container.getState()));
            String created = container.getLabels().getOrDefault(EngineLabels.RUN_CREATED, "");
            // ISO-8601 instants in UTC order as strings; an older run of the same target is superseded.
            boolean superseded = created.compareTo(latestRun.get(target(container))) < 0;
            if (!stopped || !superseded) {
                continue;
            }
            if (!budget.take()) {
                return removed;
            }
            try {
                client.removeContainerCmd(container.getId()).exec();
                LOG.infof(
                        "garbage collection: removed stopped container %s of superseded run %s",
                        container.getId(), container.getLabels().get(EngineLabels.RUN_ID));
                removed++;
            } catch (NotFoundException | ConflictException e) {
                LOG.debugf("garbage collection: container %s not removed: %s", container.getId(), e.getMessage());
            }
        }
        return removed;
    }

    private static String target(Container container) {
        Map<String, String> labels = container.getLabels();
        return labels.getOrDefault(EngineLabels.REPOSITORY, "") + "\n" + labels.getOrDefault(EngineLabels.REF, "")
                + "\n" + labels.getOrDefault(EngineLabels.ARTIFACT, "");
    }

    /** Untags each name of the image (an image with several names cannot be removed by id without force). */
    private boolean removeImage(Image image) {
        List<String> tagged = image.getRepoTags() == null
                ? List.of()
                : java.util.Arrays.stream(image.getRepoTags())
                        .filter(t -> !t.equals("<none>:<none>"))
                        .toList();
        String[] names = tagged.isEmpty() ? new String[] {image.getId()} : tagged.toArray(String[]::new);
        try {
            for (String name : names) {
                client.removeImageCmd(name).withForce(false).exec();
            }
            LOG.infof("garbage collection: removed superseded image %s %s", image.getId(), String.join(", ", names));
            return true;
        } catch (NotFoundException | ConflictException e) {
            LOG.debugf("garbage collection: image %s not removed: %s", image.getId(), e.getMessage());
            return false;
        }
    }
}
