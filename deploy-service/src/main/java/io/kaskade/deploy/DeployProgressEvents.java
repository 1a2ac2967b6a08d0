package io.kaskade.deploy;

import io.kaskade.deploy.config.DeployServiceConfig;
import io.kaskade.deploy.deployer.DeployerKind;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.StatusProgress;
import io.kaskade.deploy.deployer.kubectl.KubernetesAccess;
import io.kaskade.model.event.DeployTarget;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.ResourcePhase;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageStarted;
import io.kaskade.model.event.StatusCheckProgress;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.EventSender;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * The deploy stage's progress events: {@code StageStarted} when a run's deploy begins,
 * {@code StatusCheckProgress} when a resource changes phase, and where a run is deployed.
 *
 * <p>Progress is for watchers: a progress event the broker does not take is logged and the deploy
 * goes on, because a rollout must not fail for want of a progress report. {@code StageStarted}
 * still waits for its ack (it is the stage's first fact); {@code StatusCheckProgress} does not.
 */
@ApplicationScoped
public class DeployProgressEvents {

    private static final Logger LOG = Logger.getLogger(DeployProgressEvents.class);

    private final EventSender sender;
    private final MutinyEmitter<byte[]> started;
    private final MutinyEmitter<byte[]> progress;
    private final DeployServiceConfig config;
    private final KubernetesAccess kubernetes;

    public DeployProgressEvents(
            EventSender sender,
            DeployServiceConfig config,
            KubernetesAccess kubernetes,
            @Channel(Channels.STAGE_STARTED) MutinyEmitter<byte[]> started,
            @Channel(Channels.STATUS_CHECK_PROGRESS) MutinyEmitter<byte[]> progress) {
        this.sender = sender;
        this.config = config;
        this.kubernetes = kubernetes;
        this.started = started;
        this.progress = progress;
    }

    /** The deploy of {@code run} starts with {@code deployer}. */
    public void started(RunRef run, String deployer) {
        send(started, StageStarted.of(run, Stage.DEPLOY, null, deployer));
    }

    /** A receiver for one status check that publishes a resource's phase only when it changes. */
    public StatusProgress phaseChanges() {
        Map<String, ResourcePhase> last = new HashMap<>();
        return (deployment, resource, phase, reason) -> {
            String key = resource.kind() + "/" + resource.namespace() + "/" + resource.name();
            if (last.put(key, phase) != phase) {
                // Informative: sent without waiting for the ack, so a status check does not pay a
                // broker round trip per phase. Deployed and StageFailed still wait for theirs.
                sender.sendInformative(
                        progress,
                        StatusCheckProgress.of(
                                deployment.run(),
                                resource.kind(),
                                resource.namespace(),
                                resource.name(),
                                deployment.artifactOf(resource.name()),
                                phase,
                                reason));
            }
        };
    }

    /** Where {@code deployment} went: the Docker engine, or the cluster and the namespace of its objects. */
    public DeployTarget target(Deployment deployment) {
        if (DeployerKind.DOCKER.name().equalsIgnoreCase(deployment.deployer())) {
            return new DeployTarget(deployment.deployer(), config.docker().host(), null, null);
        }
        String namespace = deployment.resources().stream()
                .map(DeployedResource::namespace)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        String cluster = null;
        try {
            cluster = kubernetes.client().getMasterUrl().toString();
        } catch (RuntimeException e) {
            LOG.debugf("cannot name the cluster of run %s: %s", deployment.run().runId(), e.getMessage());
        }
        return new DeployTarget(deployment.deployer(), null, cluster, namespace);
    }

    private void send(MutinyEmitter<byte[]> emitter, io.kaskade.model.event.PipelineEvent event) {
        try {
            sender.send(emitter, event);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "run %s: could not publish %s: %s",
                    event.runId(), event.type().ceType(), e.getMessage());
        }
    }
}
