package io.kaskade.deploy.deployer;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The rule that keeps deployments of one repository and ref moving forward only: a run replaces
 * older runs' deployments, never a newer one's. Kafka may deliver a slow old run's last
 * {@code StructureTested} after a newer run was deployed; without this rule the old images would
 * silently roll the environment back.
 *
 * <p>Pure logic, shared by every {@link Deployer}: each one reads the live runs from its own
 * labels or annotations and acts on the {@link Decision}.
 */
public final class DeployOrdering {

    private DeployOrdering() {}

    /**
     * What a deployer should do with {@code candidate}, given the runs that have live resources for
     * the same repository and ref.
     *
     * @param candidate the run about to be deployed
     * @param live the runs that own live resources now; may contain {@code candidate} itself (a repeated
     *        or resumed deploy)
     */
    public static Decision decide(RunStamp candidate, Collection<RunStamp> live) {
        Optional<RunStamp> newest = live.stream()
                .filter(r -> !r.runId().equals(candidate.runId()))
                .filter(r -> r.isNewerThan(candidate))
                .max(RunStamp::compareTo);
        if (newest.isPresent()) {
            return new Decision(Action.SUPERSEDED, List.of(), newest.get());
        }
        TreeSet<RunStamp> older = new TreeSet<>();
        live.stream().filter(r -> !r.runId().equals(candidate.runId())).forEach(older::add);
        return new Decision(Action.DEPLOY, List.copyOf(older), null);
    }

    /** What to do with the candidate run. */
    public enum Action {
        /** Remove {@link Decision#replace()} (all older) and deploy the candidate, keeping what of it is already live. */
        DEPLOY,
        /** A newer run is live: leave everything as it is and report {@link DeployErrors#SUPERSEDED}. */
        SUPERSEDED
    }

    /**
     * @param action what to do
     * @param replace the older runs whose resources go away, oldest first; empty unless {@link Action#DEPLOY}
     * @param newer the newest live run, when {@link Action#SUPERSEDED}; else null
     */
    public record Decision(Action action, List<RunStamp> replace, RunStamp newer) {

        /** The message of the {@link DeployErrors#SUPERSEDED} failure, naming both runs. */
        public String supersededMessage(RunStamp candidate, String repository, String ref) {
            return "not deploying " + candidate + " of " + repository + " " + ref + ": the newer " + newer
                    + " is already deployed there";
        }
    }
}
