package io.kaskade.deploy.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the deploy stage knows about one run: the artifacts it waits for and the tested images it
 * has. Internal state, also the JSON value of the run's record on the run state topic
 * ({@code kaskade.deploy-runs}); not a public event.
 *
 * @param artifacts the run's artifacts in config order
 * @param images the artifacts that passed so far, mapped to their tested image
 * @param failedArtifact the artifact whose structure tests failed, if any
 * @param updated when the state last changed; drives forgetting old runs
 */
public record RunState(
        String runId,
        Instant runCreated,
        String repository,
        String ref,
        String commit,
        List<String> artifacts,
        Map<String, String> images,
        String failedArtifact,
        RunStatus status,
        Instant updated) {

    public RunState {
        artifacts = List.copyOf(artifacts);
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images == null ? Map.of() : images));
    }

    RunState with(Map<String, String> newImages, String newFailedArtifact, RunStatus newStatus, Instant now) {
        return new RunState(
                runId, runCreated, repository, ref, commit, artifacts, newImages, newFailedArtifact, newStatus, now);
    }

    /**
     * This state combined with another copy of the same run's state, e.g. the one in memory and the
     * one just read from the {@link RunStore}. A run only moves forward (images are added, WAITING
     * becomes DEPLOYING becomes finished), so the combination keeps whatever either copy has
     * reached; a finished copy wins as it is.
     */
    RunState merge(RunState other) {
        if (status.finished()) {
            return this;
        }
        if (other.status.finished()) {
            return other;
        }
        Map<String, String> union = new LinkedHashMap<>(images);
        other.images.forEach(union::putIfAbsent);
        RunStatus furthest = status == RunStatus.DEPLOYING || other.status == RunStatus.DEPLOYING
                ? RunStatus.DEPLOYING
                : RunStatus.WAITING;
        Instant latest = updated.isAfter(other.updated) ? updated : other.updated;
        return with(union, failedArtifact != null ? failedArtifact : other.failedArtifact, furthest, latest);
    }

    /** Whether every artifact has passed. */
    boolean complete() {
        return images.keySet().containsAll(artifacts);
    }

    /** The tested images in config order. */
    Map<String, String> orderedImages() {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String artifact : artifacts) {
            ordered.put(artifact, images.get(artifact));
        }
        return ordered;
    }
}
