package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * A Job is ready when it completed. Its {@code Failed} condition (e.g. {@code BackoffLimitExceeded},
 * {@code DeadlineExceeded}) fails it with the reason and the log of its newest failed pod.
 */
final class JobCheck implements ResourceCheck<Job> {

    @Override
    public Class<Job> type() {
        return Job.class;
    }

    @Override
    public Verdict check(Job job, KubernetesClient client) {
        JobStatus status = job.getStatus();
        List<JobCondition> conditions =
                status == null || status.getConditions() == null ? List.of() : status.getConditions();
        if (holds(conditions, "Complete").isPresent()) {
            return new Verdict.Ready();
        }
        List<Pod> pods = Pods.ownedBy(
                client,
                job.getMetadata().getNamespace(),
                job.getSpec().getSelector(),
                job.getMetadata().getUid());
        Optional<JobCondition> failed = holds(conditions, "Failed");
        if (failed.isPresent()) {
            PodProblem pod = Pods.failed(pods).orElse(null);
            return new Verdict.Failed(
                    "Job failed: " + failed.get().getReason() + ": "
                            + failed.get().getMessage() + (pod == null ? "" : "; " + pod.description()),
                    pod);
        }
        String state = status == null
                ? "not started yet"
                : Pods.value(status.getActive()) + " active, " + Pods.value(status.getSucceeded()) + " succeeded, "
                        + Pods.value(status.getFailed()) + " failed pods";
        return new Verdict.Pending(state, Pods.fatal(pods).orElse(null), Pods.notReady(pods));
    }

    private static Optional<JobCondition> holds(List<JobCondition> conditions, String type) {
        return conditions.stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }
}
