package io.kaskade.test.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import io.kaskade.model.image.ImageReference;
import io.kaskade.service.docker.DockerClients;
import io.kaskade.test.engine.CommittedImage;
import io.kaskade.test.engine.ContainerCommand;
import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.EngineException;
import io.kaskade.test.engine.HostGrants;
import io.kaskade.test.engine.ImageConfig;
import io.kaskade.test.engine.ImageFiles;
import io.kaskade.test.engine.ProcessOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The Docker engine, through docker-java: the only class of the test service that knows docker-java.
 *
 * <p>Files are read from a created, never started container with the engine's archive endpoint, so
 * a file test runs nothing from the image. Commands run with the network mode {@code none}: a tested
 * image cannot reach anything, the machine's loopback services included.
 */
public final class DockerContainerEngine implements ContainerEngine, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DockerContainerEngine.class);

    /** Stands in for a command when a container is only created to read its files; it never runs. */
    private static final String NOOP_COMMAND = "NOOP_COMMAND_DO_NOT_RUN";

    private final DockerClient client;
    private final DockerImagePull pulls;
    private final long memoryBytes;
    private final long pidsLimit;

    /**
     * @param memoryBytes memory limit of command containers
     * @param pidsLimit process limit of command containers
     */
    public DockerContainerEngine(String dockerHost, Duration pullTimeout, long memoryBytes, long pidsLimit) {
        // Pulls and command containers take as long as they take; the pull has its own timeout.
        this.client = DockerClients.connect(dockerHost, 100, Optional.empty());
        this.pulls = new DockerImagePull(client, pullTimeout);
        this.memoryBytes = memoryBytes;
        this.pidsLimit = pidsLimit;
    }

    @Override
    public String pull(String image) {
        return pull(image, "");
    }

    @Override
    public String pull(String image, String platform) {
        return pulls.pull(image, platform);
    }

    /** The reference to run: by digest when there is one, since a tag may have moved since the push. */
    static String pinned(ImageReference ref) {
        return DockerImagePull.pinned(ref);
    }

    @Override
    public ImageConfig inspect(String image) {
        InspectImageResponse response;
        try {
            response = client.inspectImageCmd(image).exec();
        } catch (RuntimeException e) {
            throw new EngineException("cannot inspect image " + image + ": " + e.getMessage(), e);
        }
        ContainerConfig config = response.getConfig();
        if (config == null) {
            return new ImageConfig(null, null, null, null, null, null, null, null);
        }
        List<String> ports = new ArrayList<>();
        if (config.getExposedPorts() != null) {
            for (ExposedPort port : config.getExposedPorts()) {
                ports.add(port.getPort() + "/" + port.getProtocol());
            }
        }
        Map<String, ?> volumes = config.getVolumes();
        return new ImageConfig(
                list(config.getEnv()),
                list(config.getEntrypoint()),
                list(config.getCmd()),
                volumes == null ? List.of() : List.copyOf(volumes.keySet()),
                config.getWorkingDir(),
                ports,
                config.getLabels(),
                config.getUser());
    }

    @Override
    public ImageFiles files(String image) {
        String id = create(
                client.createContainerCmd(image)
                        .withEntrypoint("")
                        .withCmd(NOOP_COMMAND)
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")),
                image);
        return new DockerImageFiles(client, id, this::removeContainer);
    }

    @Override
    public ProcessOutcome run(String image, ContainerCommand command) {
        String id = create(image, command);
        try {
            return execute(id, command);
        } finally {
            removeContainer(id);
        }
    }

    @Override
    public CommittedImage runAndCommit(String image, ContainerCommand command) {
        String id = create(image, command);
        try {
            ProcessOutcome outcome = execute(id, command);
            String imageId = client.commitCmd(id).exec();
            return new CommittedImage(imageId, outcome);
        } catch (RuntimeException e) {
            throw new EngineException("cannot commit the setup container of " + image + ": " + e.getMessage(), e);
        } finally {
            removeContainer(id);
        }
    }

    @Override
    public java.util.Set<String> runtimes() {
        try {
            Map<String, ?> runtimes = client.infoCmd().exec().getRuntimes();
            return runtimes == null ? java.util.Set.of() : java.util.Set.copyOf(runtimes.keySet());
        } catch (RuntimeException e) {
            throw new EngineException("the Docker engine does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void ping() {
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new EngineException("the Docker engine does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void removeImage(String imageId) {
        try {
            client.removeImageCmd(imageId).withForce(true).exec();
        } catch (NotFoundException e) {
            // removing a committed child image also removes its untagged parents
        } catch (RuntimeException e) {
            LOG.warnf("could not remove intermediate image %s: %s", imageId, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            LOG.debugf("closing the docker client: %s", e.getMessage());
        }
    }

    private String create(String image, ContainerCommand command) {
        CreateContainerCmd create = client.createContainerCmd(image)
                .withEntrypoint("")
                .withCmd(command.command())
                .withEnv(command.env())
                .withTty(command.tty())
                .withHostConfig(hostConfig(command));
        if (!command.user().isEmpty()) {
            create.withUser(command.user());
        }
        return create(create, image);
    }

    private HostConfig hostConfig(ContainerCommand command) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withMemory(memoryBytes)
                .withMemorySwap(memoryBytes)
                .withPidsLimit(pidsLimit);
        if (!command.runtime().isEmpty()) {
            host.withRuntime(command.runtime());
        }
        HostGrants grants = command.grants();
        if (grants.privileged()) {
            host.withPrivileged(true);
        }
        if (!grants.capabilities().isEmpty()) {
            host.withCapAdd(grants.capabilities().stream()
                    .map(c -> Capability.valueOf(
                            c.toUpperCase(java.util.Locale.ROOT).replaceFirst("^CAP_", "")))
                    .toArray(Capability[]::new));
        }
        if (!grants.bindMounts().isEmpty()) {
            host.withBinds(grants.bindMounts().stream().map(Bind::parse).toArray(Bind[]::new));
        }
        return host;
    }

    private static String create(CreateContainerCmd create, String image) {
        try (create) {
            return create.exec().getId();
        } catch (RuntimeException e) {
            throw new EngineException("cannot create a container of " + image + ": " + e.getMessage(), e);
        }
    }

    private ProcessOutcome execute(String id, ContainerCommand command) {
        try {
            client.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            // e.g. the command is not found in the image: the engine refuses to start it.
            return new ProcessOutcome("", "cannot start " + command.command() + ": " + e.getMessage(), 127, false);
        }
        int exitCode;
        boolean timedOut = false;
        try (WaitContainerResultCallback wait = client.waitContainerCmd(id).exec(new WaitContainerResultCallback())) {
            exitCode = wait.awaitStatusCode(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (DockerClientException e) {
            timedOut = true;
            exitCode = -1;
            kill(id);
        } catch (IOException e) {
            throw new EngineException("waiting for container " + id + ": " + e.getMessage(), e);
        }
        LogCollector logs = new LogCollector();
        try (LogCollector collector = client.logContainerCmd(id)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(false)
                .exec(logs)) {
            collector.awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while reading the logs of container " + id, e);
        } catch (IOException | RuntimeException e) {
            throw new EngineException("cannot read the logs of container " + id + ": " + e.getMessage(), e);
        }
        return new ProcessOutcome(logs.stdout(), logs.stderr(), exitCode, timedOut);
    }

    private void kill(String id) {
        try {
            client.killContainerCmd(id).exec();
        } catch (RuntimeException e) {
            LOG.debugf("killing container %s: %s", id, e.getMessage());
        }
    }

    private void removeContainer(String id) {
        try {
            client.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            LOG.warnf("could not remove container %s: %s", id, e.getMessage());
        }
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : Arrays.asList(values);
    }
}
