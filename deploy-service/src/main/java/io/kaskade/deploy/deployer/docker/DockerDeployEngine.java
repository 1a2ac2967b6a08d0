package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.kaskade.deploy.config.DeployServiceConfig;
import io.kaskade.service.docker.DockerClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The connection to the Docker engine the docker deployer and its status check share. docker-java
 * types stay inside this package; nothing outside it sees them.
 */
@ApplicationScoped
public class DockerDeployEngine implements AutoCloseable {

    private final String host;
    private final Duration callTimeout;
    private final DockerClient client;

    @Inject
    public DockerDeployEngine(DeployServiceConfig config) {
        this(config.docker().host(), config.docker().callTimeout());
    }

    public DockerDeployEngine(String host, Duration callTimeout) {
        this.host = host;
        this.callTimeout = callTimeout;
        this.client = DockerClients.connect(host, 32, Optional.of(callTimeout));
    }

    /** The engine's endpoint, for messages. */
    public String host() {
        return host;
    }

    DockerClient client() {
        return client;
    }

    Duration callTimeout() {
        return callTimeout;
    }

    /** The last {@code lines} lines a container wrote to stdout and stderr; empty when they cannot be read. */
    List<String> logTail(String containerId, int lines) {
        Deque<String> tail = new ArrayDeque<>();
        StringBuilder partial = new StringBuilder();
        try (ResultCallback.Adapter<Frame> callback = client.logContainerCmd(containerId)
                .withStdOut(true)
                .withStdErr(true)
                .withTail(lines)
                .withFollowStream(false)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        synchronized (partial) {
                            partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }
                })) {
            callback.awaitCompletion(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            return List.of("(could not read the container's log: " + e.getMessage() + ")");
        }
        synchronized (partial) {
            for (String line : partial.toString().split("\r?\n")) {
                if (!line.isEmpty()) {
                    tail.addLast(line);
                }
                if (tail.size() > lines) {
                    tail.removeFirst();
                }
            }
        }
        return new ArrayList<>(tail);
    }

    @PreDestroy
    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // The process is stopping; an unclosed connection to the local engine does no harm.
        }
    }
}
