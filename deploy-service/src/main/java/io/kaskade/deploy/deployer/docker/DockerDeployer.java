package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.model.Container;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Skaffold's {@code deploy.docker}: runs each listed artifact's tested image, by digest, as a
 * container on the local Docker engine with the host network.
 *
 * <p>With the host network, two runs' containers would fight over the same ports, so a newer run
 * replaces the older run's containers. To keep the gap short it pulls the new images and creates
 * the new containers first, while the old ones still serve; only then it stops the old ones and
 * starts the new ones (only {@code start} needs the ports). If a new container cannot be created,
 * the old ones keep running. A newer run whose container would run exactly what an older run's
 * running container runs (same image id, same settings: {@link ContainerLabels#CONFIG_HASH}) keeps
 * that container, as docker-compose leaves an "up-to-date" service alone; it only renames it to
 * record the keeping run ({@link ContainerNames#keptName}).
 *
 * <p>The live deployment is whatever carries this service's {@linkplain ContainerLabels labels}, so
 * nothing is lost when the service restarts.
 */
@ApplicationScoped
public class DockerDeployer implements Deployer {

    private static final Logger LOG = Logger.getLogger(DockerDeployer.class);
    private final DockerDeployEngine engine;
    private final DockerStatusCheck statusCheck;
    private final DockerContainers containers;

    @Inject
    public DockerDeployer(DockerDeployEngine engine, DockerStatusCheck statusCheck, DeployServiceConfig config) {
        this(
                engine,
                statusCheck,
                config.docker().stopTimeout(),
                config.docker().maxStopTimeout(),
                config.docker().stack());
    }

    public DockerDeployer(DockerDeployEngine engine, DockerStatusCheck statusCheck, Duration stopTimeout) {
        this(engine, statusCheck, stopTimeout, stopTimeout, Optional.empty());
    }

    public DockerDeployer(
            DockerDeployEngine engine,
            DockerStatusCheck statusCheck,
            Duration stopTimeout,
            Duration maxStopTimeout,
            Optional<String> stack) {
        this.engine = engine;
        this.statusCheck = statusCheck;
        this.containers = new DockerContainers(engine, stopTimeout, maxStopTimeout, stack);
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
        Map<RunStamp, List<Container>> live = liveContainersByRun(run);
        RunStamp candidate = new RunStamp(run.runId(), run.runCreated());
        DeployOrdering.Decision decision = DeployOrdering.decide(candidate, live.keySet());
        if (decision.action() == DeployOrdering.Action.SUPERSEDED) {
            throw new DeployException(
                    DeployErrors.SUPERSEDED,
                    null,
                    decision.supersededMessage(candidate, run.repository(), run.ref()),
                    "nothing to do: the newer run's deployment stays; re-run this commit to deploy it again",
                    List.of(),
                    null);
        }
        Map<String, Container> mine = byArtifact(live.entrySet().stream()
                .filter(e -> e.getKey().runId().equals(run.runId()))
                .flatMap(e -> e.getValue().stream())
                .toList());
        Map<String, Container> older = byArtifact(decision.replace().stream()
                .flatMap(stamp -> live.get(stamp).stream())
                .filter(c -> "running".equals(c.getState()))
                .toList());
        Plan plan = prepare(run, toRun, mine, older);
        try {
            plan.kept()
                    .forEach((artifact, container) ->
                            rename(run, artifact, container, plan.placed().get(artifact)));
        } catch (RuntimeException e) {
            containers.discard(
                    plan.created().stream().filter(c -> !isOwn(c, mine)).toList());
            throw e;
        }
        Set<String> keptIds = new HashSet<>();
        plan.kept().values().forEach(c -> keptIds.add(c.getId()));
        for (RunStamp stamp : decision.replace()) {
            for (Container container : live.get(stamp)) {
                if (!keptIds.contains(container.getId())) {
                    containers.remove(container, stamp.toString());
                }
            }
        }
        plan.created().forEach(created -> containers.start(run, created));
        Map<String, String> artifacts = new LinkedHashMap<>();
        plan.placed().forEach((artifact, resource) -> artifacts.put(resource.name(), artifact));
        return new Deployment(
                name(), run, request.images(), List.copyOf(plan.placed().values()), artifacts);
    }

    /**
     * What the run's containers will be: every artifact's container (config order); those created
     * here or left created by a crash, still to be started; and the older runs' running containers
     * kept because they already run what this run would run (by artifact).
     */
    private record Plan(
            Map<String, DeployedResource> placed,
            List<DockerContainers.Created> created,
            Map<String, Container> kept) {}

    /**
     * Pulls the images and creates what is missing, before anything old is touched. On failure the
     * containers created so far are removed and the older run's containers are left running.
     */
    private Plan prepare(
            RunRef run, Map<String, String> toRun, Map<String, Container> mine, Map<String, Container> older) {
        Map<String, DeployedResource> placed = new LinkedHashMap<>();
        List<DockerContainers.Created> created = new ArrayList<>();
        Map<String, Container> kept = new HashMap<>();
        try {
            for (Map.Entry<String, String> entry : toRun.entrySet()) {
                String artifact = entry.getKey();
                Container existing = mine.get(artifact);
                if (existing != null) {
                    placed.put(artifact, resource(DockerContainers.displayName(existing), existing.getId()));
                    resumeIfCreated(existing, artifact).ifPresent(created::add);
                    continue;
                }
                DockerContainers.Spec spec = containers.spec(run, artifact, entry.getValue());
                Container old = older.get(artifact);
                Optional<String> keptName = sameAs(spec, old)
                        ? ContainerNames.keptName(run.runId(), run.runCreated(), artifact)
                        : Optional.empty();
                if (keptName.isPresent()) {
                    placed.put(artifact, resource(keptName.get(), old.getId()));
                    kept.put(artifact, old);
                    continue;
                }
                DockerContainers.Created made =
                        containers.create(run, spec, ContainerNames.containerName(run.runId(), artifact));
                created.add(made);
                placed.put(artifact, resource(made.name(), made.id()));
            }
        } catch (RuntimeException e) {
            containers.discard(created.stream().filter(c -> !isOwn(c, mine)).toList());
            throw e;
        }
        return new Plan(placed, created, kept);
    }

    private static DeployedResource resource(String name, String id) {
        return new DeployedResource("container", null, name, id, null);
    }

    /** Whether {@code created} is a container of this run that existed before this attempt (not ours to discard). */
    private static boolean isOwn(DockerContainers.Created created, Map<String, Container> mine) {
        return mine.values().stream().anyMatch(c -> c.getId().equals(created.id()));
    }

    /** A container of this run that already exists: a repeated deploy leaves it be, except to start one a crash left created. */
    private static Optional<DockerContainers.Created> resumeIfCreated(Container container, String artifact) {
        if (!"created".equals(container.getState())) {
            return Optional.empty();
        }
        return Optional.of(new DockerContainers.Created(
                artifact,
                DockerContainers.displayName(container),
                container.getId(),
                container.getLabels().getOrDefault(ContainerLabels.IMAGE, "its image")));
    }

    /**
     * Whether an older run's container already runs what {@code spec} describes: running and not
     * unhealthy, the same image id, the same settings. Replacing it would change nothing but cost a
     * restart and a status check.
     */
    private static boolean sameAs(DockerContainers.Spec spec, Container old) {
        return old != null
                && spec.hash().equals(old.getLabels().get(ContainerLabels.CONFIG_HASH))
                && spec.imageId().equals(old.getImageId())
                && (old.getStatus() == null || !old.getStatus().contains("unhealthy"));
    }

    /** Records this run as the owner of a kept container, in its name (labels cannot change). */
    private void rename(RunRef run, String artifact, Container old, DeployedResource placed) {
        try {
            engine.client()
                    .renameContainerCmd(old.getId())
                    .withName(placed.name())
                    .exec();
        } catch (RuntimeException e) {
            throw containers.engineFailure(
                    artifact,
                    "could not rename container " + DockerContainers.displayName(old) + " to " + placed.name(),
                    e);
        }
        LOG.infof(
                "run %s changes nothing for artifact %s: keeping container %s (same image and settings) as %s",
                run.runId(), artifact, DockerContainers.displayName(old), placed.name());
    }

    /** The containers by their artifact label; with several for one artifact, any one. */
    private static Map<String, Container> byArtifact(List<Container> list) {
        Map<String, Container> result = new HashMap<>();
        for (Container container : list) {
            String artifact = container.getLabels().get(ContainerLabels.ARTIFACT);
            if (artifact != null) {
                result.putIfAbsent(artifact, container);
            }
        }
        return result;
    }

    /**
     * The artifacts {@code deploy.docker.images} lists, with their tested images. An empty list
     * means every artifact of the run, the only useful reading when the run built them all.
     */
    private static Map<String, String> imagesToRun(DeployRequest request) {
        DockerDeploy spec = request.config().deploy() == null
                ? null
                : request.config().deploy().docker();
        List<String> names = spec == null || spec.images().isEmpty()
                ? List.copyOf(request.images().keySet())
                : spec.images();
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : names) {
            String image = request.images().get(name);
            if (image == null) {
                throw new DeployException(
                        DeployErrors.DOCKER_FAILED,
                        name,
                        "deploy.docker.images names '" + name
                                + "', which is not an artifact of this run; the run built "
                                + request.images().keySet(),
                        "list only images that build.artifacts builds, so they can be deployed by digest",
                        List.of(),
                        null);
            }
            result.put(name, image);
        }
        return result;
    }

    /** Containers of this repository and ref, running or not, by the run that owns them. */
    private Map<RunStamp, List<Container>> liveContainersByRun(RunRef run) {
        List<Container> list;
        try {
            list = engine.client()
                    .listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(
                            ContainerLabels.MANAGED,
                            "true",
                            ContainerLabels.REPOSITORY,
                            run.repository(),
                            ContainerLabels.REF,
                            run.ref()))
                    .exec();
        } catch (RuntimeException e) {
            throw containers.engineFailure(
                    null, "could not list the containers of " + run.repository() + " " + run.ref(), e);
        }
        Map<RunStamp, List<Container>> byRun = new TreeMap<>();
        for (Container container : list) {
            RunStamp owner = ownerOf(container);
            if (owner != null) {
                byRun.computeIfAbsent(owner, k -> new ArrayList<>()).add(container);
            }
        }
        return byRun;
    }

    /**
     * The run that owns a container: the run that kept it, when its name says so, else the run in
     * its labels. A run-created label that does not parse counts as the oldest possible, so a
     * damaged label can never block newer deploys.
     */
    private static RunStamp ownerOf(Container container) {
        Map<String, String> labels = container.getLabels();
        Optional<RunStamp> keptBy =
                ContainerNames.keptBy(DockerContainers.displayName(container), labels.get(ContainerLabels.ARTIFACT));
        if (keptBy.isPresent()) {
            return keptBy.get();
        }
        String runId = labels.get(ContainerLabels.RUN_ID);
        if (runId == null) {
            return null;
        }
        Instant created;
        try {
            created = Instant.parse(labels.getOrDefault(ContainerLabels.RUN_CREATED, ""));
        } catch (DateTimeParseException e) {
            created = Instant.EPOCH;
        }
        return new RunStamp(runId, created);
    }
}
