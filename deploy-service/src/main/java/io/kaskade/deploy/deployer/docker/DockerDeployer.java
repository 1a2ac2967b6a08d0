package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.kaskade.deploy.config.DeployServiceConfig;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployOrdering;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployer;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.deployer.RunStamp;
import io.kaskade.deploy.deployer.StatusCheck;
import io.kaskade.model.config.DockerDeploy;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.model.event.RunRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Skaffold's {@code deploy.docker}: runs each listed artifact's tested image, by digest, as a
 * container on the local Docker engine with the host network.
 *
 * <p>With the host network, two runs' containers would fight over the same ports, so a newer run
 * stops and removes the older run's containers before it starts its own; the short gap is the price
 * of having no load balancer in front. The live deployment is whatever carries this service's
 * {@linkplain ContainerLabels labels}, so nothing is lost when the service restarts.
 */
@ApplicationScoped
public class DockerDeployer implements Deployer {

    private static final Logger LOG = Logger.getLogger(DockerDeployer.class);
    private final DockerDeployEngine engine;
    private final DockerStatusCheck statusCheck;
    private final Duration stopTimeout;
    private final Optional<String> stack;

    @Inject
    public DockerDeployer(DockerDeployEngine engine, DockerStatusCheck statusCheck, DeployServiceConfig config) {
        this(engine, statusCheck, config.docker().stopTimeout(), config.docker().stack());
    }

    public DockerDeployer(DockerDeployEngine engine, DockerStatusCheck statusCheck, Duration stopTimeout) {
        this(engine, statusCheck, stopTimeout, Optional.empty());
    }

    public DockerDeployer(DockerDeployEngine engine, DockerStatusCheck statusCheck, Duration stopTimeout,
            Optional<String> stack) {
        this.engine = engine;
        this.statusCheck = statusCheck;
        this.stopTimeout = stopTimeout;
        this.stack = stack;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public StatusCheck statusCheck() {
        return statusCheck;
    }

    @Override
    public Deployment deploy(DeployRequest request) {
        RunRef run = request.run();
        Map<String, String> toRun = imagesToRun(request);
        Map<String, List<Container>> live = liveContainersByRun(run);
        RunStamp candidate = new RunStamp(run.runId(), run.runCreated());
        List<RunStamp> liveRuns = live.values().stream().map(DockerDeployer::stampOf).toList();
        DeployOrdering.Decision decision = DeployOrdering.decide(candidate, liveRuns);
        if (decision.action() == DeployOrdering.Action.SUPERSEDED) {
            throw new DeployException(DeployErrors.SUPERSEDED, null,
                    decision.supersededMessage(candidate, run.repository(), run.ref()),
                    "nothing to do: the newer run's deployment stays; re-run this commit to deploy it again",
                    List.of(), null);
        }
        for (RunStamp older : decision.replace()) {
            for (Container container : live.get(older.runId())) {
                remove(container, older);
            }
        }
        Map<String, Container> mine = new TreeMap<>();
        for (Container container : live.getOrDefault(run.runId(), List.of())) {
            for (String name : container.getNames()) {
                mine.put(name.startsWith("/") ? name.substring(1) : name, container);
            }
        }
        List<DeployedResource> resources = new ArrayList<>();
        Map<String, String> artifacts = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : toRun.entrySet()) {
            String artifact = entry.getKey();
            String name = ContainerNames.containerName(run.runId(), artifact);
            Container existing = mine.get(name);
            String id = existing != null ? resume(existing, name, artifact) : start(run, artifact, entry.getValue(), name);
            resources.add(new DeployedResource("container", null, name, id, null));
            artifacts.put(name, artifact);
        }
        return new Deployment(name(), run, request.images(), resources, artifacts);
    }

    /**
     * The artifacts {@code deploy.docker.images} lists, with their tested images. An empty list
     * means every artifact of the run, the only useful reading when the run built them all.
     */
    private static Map<String, String> imagesToRun(DeployRequest request) {
        DockerDeploy spec = request.config().deploy() == null ? null : request.config().deploy().docker();
        List<String> names = spec == null || spec.images().isEmpty() ? List.copyOf(request.images().keySet()) : spec.images();
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : names) {
            String image = request.images().get(name);
            if (image == null) {
                throw new DeployException(DeployErrors.DOCKER_FAILED, name,
                        "deploy.docker.images names '" + name + "', which is not an artifact of this run; the run built "
                                + request.images().keySet(),
                        "list only images that build.artifacts builds, so they can be deployed by digest", List.of(), null);
            }
            result.put(name, image);
        }
        return result;
    }

    /** Containers of this repository and ref, running or not, by run id. */
    private Map<String, List<Container>> liveContainersByRun(RunRef run) {
        List<Container> containers;
        try {
            containers = engine.client().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(ContainerLabels.MANAGED, "true",
                            ContainerLabels.REPOSITORY, run.repository(),
                            ContainerLabels.REF, run.ref()))
                    .exec();
        } catch (RuntimeException e) {
            throw engineFailure(null, "could not list the containers of " + run.repository() + " " + run.ref(), e);
        }
        Map<String, List<Container>> byRun = new TreeMap<>();
        for (Container container : containers) {
            String runId = container.getLabels().get(ContainerLabels.RUN_ID);
            if (runId != null) {
                byRun.computeIfAbsent(runId, k -> new ArrayList<>()).add(container);
            }
        }
        return byRun;
    }

    /**
     * A live run's stamp from its labels. A run-created label that does not parse counts as the
     * oldest possible, so a damaged label can never block newer deploys.
     */
    private static RunStamp stampOf(List<Container> containers) {
        Map<String, String> labels = containers.get(0).getLabels();
        Instant created;
        try {
            created = Instant.parse(labels.getOrDefault(ContainerLabels.RUN_CREATED, ""));
        } catch (DateTimeParseException e) {
            created = Instant.EPOCH;
        }
        return new RunStamp(labels.get(ContainerLabels.RUN_ID), created);
    }

    private void remove(Container container, RunStamp older) {
        DockerClient client = engine.client();
        String name = displayName(container);
        try {
            if ("running".equals(container.getState()) || "restarting".equals(container.getState())) {
                client.stopContainerCmd(container.getId()).withTimeout((int) Math.max(0, stopTimeout.toSeconds())).exec();
            }
        } catch (NotModifiedException | NotFoundException e) {
            // Already stopped or gone: exactly what we want.
        } catch (RuntimeException e) {
            throw engineFailure(container.getLabels().get(ContainerLabels.ARTIFACT),
                    "could not stop container " + name + " of the older " + older, e);
        }
        try {
            client.removeContainerCmd(container.getId()).withForce(true).exec();
        } catch (NotFoundException e) {
            // Removed in the meantime.
        } catch (RuntimeException e) {
            throw engineFailure(container.getLabels().get(ContainerLabels.ARTIFACT),
                    "could not remove container " + name + " of the older " + older, e);
        }
        LOG.infof("removed container %s of the older %s", name, older);
    }

    /** A container of this run that already exists: a repeated deploy leaves it be, except to start one a crash left created. */
    private String resume(Container container, String name, String artifact) {
        if ("created".equals(container.getState())) {
            try {
                engine.client().startContainerCmd(container.getId()).exec();
            } catch (NotModifiedException e) {
                // Started in the meantime.
            } catch (RuntimeException e) {
                throw engineFailure(artifact, "could not start container " + name, e);
            }
        }
        return container.getId();
    }

    private String start(RunRef run, String artifact, String image, String name) {
        String engineRef = ContainerNames.engineReference(artifact, image);
        ensureImage(artifact, engineRef);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ContainerLabels.MANAGED, "true");
        labels.put(ContainerLabels.RUN_ID, run.runId());
        labels.put(ContainerLabels.RUN_CREATED, run.runCreated().toString());
        labels.put(ContainerLabels.REPOSITORY, run.repository());
        labels.put(ContainerLabels.REF, run.ref());
        labels.put(ContainerLabels.COMMIT, run.commit());
        labels.put(ContainerLabels.ARTIFACT, artifact);
        labels.put(ContainerLabels.IMAGE, image);
        stack.ifPresent(id -> labels.put(ContainerLabels.STACK, id));
        String id;
        try {
            CreateContainerResponse created = engine.client().createContainerCmd(engineRef)
                    .withName(name)
                    .withLabels(labels)
                    // --init: Docker's tiny init is PID 1, so SIGTERM reaches the app and the
                    // replace/stop of an old version does not wait out the stop timeout.
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host").withInit(true))
                    .exec();
            id = created.getId();
        } catch (ConflictException e) {
            // Another attempt of this same run created it first; deploying is idempotent, so adopt it.
            id = inspect(artifact, name).getId();
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not create container " + name + " from " + image, e);
        }
        try {
            engine.client().startContainerCmd(id).exec();
        } catch (NotModifiedException e) {
            // Already started.
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not start container " + name + " from " + image, e);
        }
        LOG.infof("started container %s (%s) from %s for run %s", name, id, image, run.runId());
        return id;
    }

    private InspectContainerResponse inspect(String artifact, String name) {
        try {
            return engine.client().inspectContainerCmd(name).exec();
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not inspect container " + name, e);
        }
    }

    /** Pulls the image by digest unless the engine has it already (it does when it built it). */
    private void ensureImage(String artifact, String engineRef) {
        DockerClient client = engine.client();
        try {
            client.inspectImageCmd(engineRef).exec();
            return;
        } catch (NotFoundException e) {
            // Pull it below.
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not inspect image " + engineRef, e);
        }
        int at = engineRef.indexOf('@');
        if (at < 0) {
            throw new DeployException(DeployErrors.DOCKER_FAILED, artifact,
                    "image " + engineRef + " of artifact " + artifact + " is not on the Docker engine at " + engine.host(),
                    "an image built with build.local.push: false exists only on the build-service's engine; deploy "
                            + "with the same engine, or push the image", List.of(), null);
        }
        try {
            boolean done = PullAuth.withLogin(client.pullImageCmd(engineRef.substring(0, at)), engineRef.substring(0, at))
                    .withTag(engineRef.substring(at + 1)).exec(new PullImageResultCallback())
                    .awaitCompletion(engine.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                throw new DeployException(DeployErrors.DOCKER_FAILED, artifact,
                        "pulling " + engineRef + " did not finish within " + engine.callTimeout().toSeconds() + " s",
                        "check that the registry is reachable from the Docker engine at " + engine.host(), List.of(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw engineFailure(artifact, "interrupted while pulling " + engineRef, e);
        } catch (DeployException e) {
            throw e;
        } catch (RuntimeException e) {
            throw engineFailure(artifact, "could not pull " + engineRef, e);
        }
    }

    private static String displayName(Container container) {
        String[] names = container.getNames();
        return names != null && names.length > 0 ? names[0].replaceFirst("^/", "") : container.getId();
    }

    private DeployException engineFailure(String artifact, String what, Exception e) {
        return new DeployException(DeployErrors.DOCKER_FAILED, artifact,
                what + " on the Docker engine at " + engine.host() + ": " + e.getMessage(),
                "check that the Docker engine is running and the image is in the registry; see `docker info`",
                List.of(), e);
    }
}
