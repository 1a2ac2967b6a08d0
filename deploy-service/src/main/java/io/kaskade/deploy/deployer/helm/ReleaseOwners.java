package io.kaskade.deploy.deployer.helm;

import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployOrdering;
import io.kaskade.deploy.deployer.RunStamp;
import io.kaskade.model.event.RunRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Newest run wins, for Helm releases: which run deployed each release is read from the annotations
 * on its newest revision's Secret ({@link ReleaseAnnotations}), so an older run's late deploy is
 * refused instead of rolling back a newer one.
 */
final class ReleaseOwners {

    private ReleaseOwners() {}

    /**
     * @throws DeployException with {@link DeployErrors#SUPERSEDED} when a newer run of the same
     *     repository and ref owns one of the releases
     */
    static void refuseIfSuperseded(RunRef run, Collection<Optional<StoredRelease>> live) {
        RunStamp candidate = new RunStamp(run.runId(), run.runCreated());
        Map<String, RunStamp> stamps = new TreeMap<>();
        for (Optional<StoredRelease> stored : live) {
            stored.flatMap(s -> stampOf(s, run)).ifPresent(s -> stamps.put(s.runId(), s));
        }
        DeployOrdering.Decision decision = DeployOrdering.decide(candidate, stamps.values());
        if (decision.action() == DeployOrdering.Action.SUPERSEDED) {
            throw new DeployException(
                    DeployErrors.SUPERSEDED,
                    null,
                    decision.supersededMessage(candidate, run.repository(), run.ref()),
                    "nothing to do: the newer run's release stays; re-run this commit to deploy it again",
                    List.of(),
                    null);
        }
    }

    /**
     * The run that deployed a revision, when it was a run of the same repository and ref. A
     * run-created annotation that does not parse counts as the oldest possible.
     */
    private static Optional<RunStamp> stampOf(StoredRelease stored, RunRef run) {
        Map<String, String> annotations = stored.annotations();
        String runId = annotations.get(ReleaseAnnotations.RUN_ID);
        if (runId == null
                || !run.repository().equals(annotations.get(ReleaseAnnotations.REPOSITORY))
                || !run.ref().equals(annotations.get(ReleaseAnnotations.REF))) {
            return Optional.empty();
        }
        Instant created;
        try {
            created = Instant.parse(annotations.getOrDefault(ReleaseAnnotations.RUN_CREATED, ""));
        } catch (DateTimeParseException e) {
            created = Instant.EPOCH;
        }
        return Optional.of(new RunStamp(runId, created));
    }
}
