package io.kaskade.service.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;
import java.util.Optional;

/**
 * The one way Kaskade's services connect to a Docker engine. Each service had its own set-up and the
 * build-service's dropped the TLS settings, so a {@code tcp://} engine with {@code DOCKER_TLS_VERIFY}
 * worked for the test and deploy stages but not for builds. Here the configuration starts from
 * docker-java's defaults, which read {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY} and
 * {@code DOCKER_CERT_PATH} (and {@code ~/.docker-java.properties}), and only the host a service's own
 * setting names replaces {@code DOCKER_HOST}.
 *
 * <p>Only the engine adapter classes of the services call this; docker-java types stay inside them.
 */
public final class DockerClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private DockerClients() {}

    /**
     * A client for the engine at {@code host}.
     *
     * @param host the engine, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2376};
     *     null or blank keeps {@code DOCKER_HOST} (or docker-java's default socket)
     * @param maxConnections how many calls may be open at once (builds and log streams hold one each)
     * @param responseTimeout how long one call may wait for an answer; empty for no limit (builds, waits)
     */
    public static DockerClient connect(String host, int maxConnections, Optional<Duration> responseTimeout) {
        DockerClientConfig config = config(host);
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(CONNECT_TIMEOUT);
        responseTimeout.ifPresent(http::responseTimeout);
        return DockerClientImpl.getInstance(config, http.build());
    }

    /** docker-java's configuration from the environment, with {@code host} (when given) as the engine. */
    public static DockerClientConfig config(String host) {
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null && !host.isBlank()) {
            builder.withDockerHost(host);
        }
        return builder.build();
    }
}
