package io.kaskade.deploy.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.kaskade.model.event.DeployedResource;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;

/** One object under {@link KubernetesStatusCheck} and what is known of it so far. */
final class TrackedResource<T extends HasMetadata> {

    final DeployedResource resource;
    private final ResourceCheck<T> check;
    boolean ready;
    long deadlineNanos;
    Duration deadline;
    String deadlineReason;
    Verdict.Pending last;
    PodProblem lastProblem;

    TrackedResource(DeployedResource resource, ResourceCheck<T> check) {
        this.resource = resource;
        this.check = check;
    }

    Watch watch(KubernetesClient client, BlockingQueue<Boolean> changes) {
        return client.resources(check.type())
                .inNamespace(resource.namespace())
                .withName(resource.name())
                .watch(new Nudge<T>(changes));
    }

    /**
     * Reads and judges the object; the first read also fixes its deadline: the status check's, or
     * the object's own when that is shorter.
     */
    Verdict judge(KubernetesClient client, long start, Duration statusCheckDeadline) {
        T object = client.resources(check.type())
                .inNamespace(resource.namespace())
                .withName(resource.name())
                .get();
        if (object == null) {
            return new Verdict.Failed("it was deleted while its status was checked", null);
        }
        if (deadline == null) {
            deadline = statusCheckDeadline;
            check.ownDeadline(object)
                    .filter(own -> own.after().compareTo(statusCheckDeadline) < 0)
                    .ifPresent(own -> {
                        deadline = own.after();
                        deadlineReason = own.reason();
                    });
            deadlineNanos = start + deadline.toNanos();
        }
        return check.check(object, client);
    }
}
