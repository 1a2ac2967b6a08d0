package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.model.event.RunRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.jboss.logging.Logger;

/**
 * The docker deployer's calls to the engine for one container: make sure its image is there,
 * create it, start it, stop and remove it. Kept apart from {@link DockerDeployer}, which decides
 * what to replace and in which order.
 */
final class DockerContainers {

    private static final Logger LOG = Logger.getLogger(DockerContainers.class);

    private final DockerDeployEngine engine;
    private final Duration stopTimeout;
    private final Duration maxStopTimeout;
    private final Optional<String> stack;

    DockerContainers(DockerDeployEngine engine, Duration stopTimeout, Duration maxStopTimeout, Optional<String> stack) {
        this.engine = engine;
        this.stopTimeout = stopTimeout;
        this.maxStopTimeout = maxStopTimeout;
        this.stack = stack;
    }

    /** A container this deploy created (or found created) and has not started yet. */
    record Created(String artifact, String name, String id, String image) {}

    /**
     * What a container of {@code artifact} would be created with, apart from the run it belongs
     * to: the image id and every setting. Two containers with the same hash run the same thing.
     */
    record Spec(String artifact, String image, String engineRef, String imageId, int stopTimeoutSeconds, String hash) {}

    /** Makes sure the image is on the engine (pulling it by digest if not) and works out the container's settings. */
    Spec spec(RunRef run, String artifact, String image) {
        String engineRef = ContainerNames.engineReference(artifact, image);
        InspectImageResponse inspected = ensureImage(artifact, engineRef);
        Map<String, String> imageLabels =
                inspected.getConfig() == null ? Map.of() : inspected.getConfig().getLabels();
        int stop = StopTimeouts.seconds(artifact, imageLabels, stopTimeout, maxStopTimeout);
        String settings = String.join(
                "\n",
                "v1",
                inspected.getId(),
                artifact,
                run.repository(),
                run.ref(),
                "network=host",
                "init=true",
                "stop-timeout=" + stop,
                "stack=" + stack.orElse(""));
        return new Spec(artifact, image, engineRef, inspected.getId(), stop, DigestUtils.sha256Hex(settings));
    }

    /**
     * Creates the container, not started: only starting it needs the app's ports, so the older
     * run's container keeps serving while this one is prepared.
     */
    Created create(RunRef run, Spec spec, String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ContainerLabels.MANAGED, "true");
        labels.put(ContainerLabels.RUN_ID, run.runId());
        labels.put(ContainerLabels.RUN_CREATED, run.runCreated().toString());
        labels.put(ContainerLabels.REPOSITORY, run.repository());
        labels.put(ContainerLabels.REF, run.ref());
        labels.put(ContainerLabels.COMMIT, run.commit());
        labels.put(ContainerLabels.ARTIFACT, spec.artifact());
        labels.put(ContainerLabels.IMAGE, spec.image());
        labels.put(ContainerLabels.STOP_TIMEOUT, Integer.toString(spec.stopTimeoutSeconds()));
        labels.put(ContainerLabels.CONFIG_HASH, spec.hash());
        stack.ifPresent(id -> labels.put(ContainerLabels.STACK, id));
        String id;
        try {
            id = engine.client()
                    .createContainerCmd(spec.engineRef())
                    .withName(name)
                    .withLabels(labels)
                    .withStopTimeout(spec.stopTimeoutSeconds())
                    // --init: Docker's tiny init is PID 1, so SIGTERM reaches the app and the
                    // replace/stop of an old version does not wait out the stop timeout.
                    .withHostConfig(
                            HostConfig.newHostConfig().withNetworkMode("host").withInit(true))
                    .exec()
                    .getId();
        } catch (ConflictException e) {
            // Another attempt of this same run created it first; deploying is idempotent, so adopt it.
            id = inspectId(spec.artifact(), name);
        } catch (RuntimeException e) {
            throw engineFailure(spec.artifact(), "could not create container " + name + " from " + spec.image(), e);
        }
        return new Created(spec.artifact(), name, id, spec.image());
    }

    void start(RunRef run, Created created) {
        try {
            engine.client().startContainerCmd(created.id()).exec();
        } catch (NotModifiedException e) {
            // Already started.
        } catch (RuntimeException e) {
            throw engineFailure(
                    created.artifact(), "could not start container " + created.name() + " from " + created.image(), e);
        }
        LOG.infof(
                "started container %s (%s) from %s for run %s",
                created.name(), created.id(), created.image(), run.runId());
    }

    /** Removes containers this deploy created but could not finish; best effort, the deploy fails anyway. */
    void discard(List<Created> created) {
        for (Created c : created) {
            try {
                engine.client().removeContainerCmd(c.id()).withForce(true).exec();
            } catch (RuntimeException e) {
                LOG.warnf("could not remove container %s after a failed deploy: %s", c.name(), e.getMessage());
            }
        }
    }

    /**
     * Stops (SIGTERM, then SIGKILL after the container's own stop timeout, from its label) and
     * removes an older run's container.
     */
    void remove(Container container, String owner) {
        DockerClient client = engine.client();
        String name = displayName(container);
        String artifact = container.getLabels().get(ContainerLabels.ARTIFACT);
        try {
            if ("running".equals(container.getState()) || "restarting".equals(container.getState())) {
                client.stopContainerCmd(container.getId())
                        .withTimeout(stopSeconds(container))
                        .exec();
            }
        } catch (NotModifiedException | NotFoundException e) {
            // Already stopped or gone: exactly what we want.
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not stop container " + name + " of the older " + owner, e);
        }
        try {
            client.removeContainerCmd(container.getId()).withForce(true).exec();
        } catch (NotFoundException e) {
            // Removed in the meantime.
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not remove container " + name + " of the older " + owner, e);
        }
        LOG.infof("removed container %s of the older %s", name, owner);
    }

    /** The stop timeout the container was created with; the service's default for containers from before the label. */
    private int stopSeconds(Container container) {
        String label = container.getLabels().get(ContainerLabels.STOP_TIMEOUT);
        if (label != null && label.matches("\\d{1,6}")) {
            return Integer.parseInt(label);
        }
        return (int) Math.max(0, stopTimeout.toSeconds());
    }

    private String inspectId(String artifact, String name) {
        try {
            return engine.client().inspectContainerCmd(name).exec().getId();
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not inspect container " + name, e);
        }
    }

    /** Pulls the image by digest unless the engine has it already (it does when it built it). */
    private InspectImageResponse ensureImage(String artifact, String engineRef) {
        DockerClient client = engine.client();
        try {
            return client.inspectImageCmd(engineRef).exec();
        } catch (NotFoundException e) {
            // Pull it below.
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not inspect image " + engineRef, e);
        }
        int at = engineRef.indexOf('@');
        if (at < 0) {
            throw new DeployException(
                    DeployErrors.DOCKER_FAILED,
                    artifact,
                    "image " + engineRef + " of artifact " + artifact + " is not on the Docker engine at "
                            + engine.host(),
                    "an image built with build.local.push: false exists only on the build-service's engine; deploy "
                            + "with the same engine, or push the image",
                    List.of(),
                    null);
        }
        try {
            boolean done = PullAuth.withLogin(
                            client.pullImageCmd(engineRef.substring(0, at)), engineRef.substring(0, at))
                    .withTag(engineRef.substring(at + 1))
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(engine.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                throw new DeployException(
                        DeployErrors.DOCKER_FAILED,
                        artifact,
                        "pulling " + engineRef + " did not finish within "
                                + engine.callTimeout().toSeconds() + " s",
                        "check that the registry is reachable from the Docker engine at " + engine.host(),
                        List.of(),
                        null);
            }
            return client.inspectImageCmd(engineRef).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw engineFailure(artifact, "interrupted while pulling " + engineRef, e);
        } catch (DeployException e) {
            throw e;
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not pull " + engineRef, e);
        }
    }

    static String displayName(Container container) {
        String[] names = container.getNames();
        return names != null && names.length > 0 ? names[0].replaceFirst("^/", "") : container.getId();
    }

    DeployException engineFailure(String artifact, String what, Exception e) {
        return new DeployException(
                DeployErrors.DOCKER_FAILED,
                artifact,
                what + " on the Docker engine at " + engine.host() + ": " + e.getMessage(),
                "check that the Docker engine is running and the image is in the registry; see `docker info`",
                List.of(),
                e);
    }
}
