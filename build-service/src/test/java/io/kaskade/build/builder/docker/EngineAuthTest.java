package io.kaskade.build.builder.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PushImageCmd;
import com.github.dockerjava.api.model.PushResponseItem;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.kaskade.build.registry.AuthRegistry;
import io.kaskade.service.registry.RegistryCredentials;
import io.kaskade.testing.RealParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker engine pushes with the login {@link EngineAuth} takes from the service's docker config, to a
 * registry that refuses anonymous pushes ({@link AuthRegistry}): refused without it, accepted with it.
 */
class EngineAuthTest {

    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";

    @TempDir
    static Path dir;

    private static AuthRegistry registry;
    private static DockerClient docker;

    @BeforeAll
    static void start() throws Exception {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        registry = AuthRegistry.start(Files.createDirectories(dir.resolve("registry")));
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock")
                .build();
        docker = DockerClientImpl.getInstance(
                config,
                new ApacheDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .build());
        docker.pullImageCmd(RealParts.REGISTRY + "/kaskade/busybox")
                .withTag("stable")
                .start()
                .awaitCompletion(120, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    @AfterEach
    void forgetConfig() {
        System.clearProperty(RegistryCredentials.DOCKER_CONFIG_PROPERTY);
    }

    @Test
    void theEnginePushesWithTheServicesLoginOnly() throws Exception {
        String image =
                registry.host + "/team/engine-" + UUID.randomUUID().toString().substring(0, 8);
        docker.tagImageCmd(BASE, image, "v1").exec();
        try {
            System.setProperty(
                    RegistryCredentials.DOCKER_CONFIG_PROPERTY,
                    Files.createDirectories(dir.resolve("nobody")).toString());
            assertThat(EngineAuth.forImage(image)).isEmpty();
            assertThat(push(image)).as("an anonymous push").startsWith("error:");

            System.setProperty(
                    RegistryCredentials.DOCKER_CONFIG_PROPERTY,
                    registry.dockerConfig(dir.resolve("login"), registry.password)
                            .toString());
            assertThat(EngineAuth.forImage(image))
                    .get()
                    .satisfies(auth -> assertThat(auth.getUsername()).isEqualTo(AuthRegistry.USER));
            assertThat(push(image)).as("a push with the login").startsWith("sha256:");
        } finally {
            docker.removeImageCmd(image + ":v1").exec();
        }
    }

    /** The pushed digest, or {@code error: ...}. */
    private static String push(String image) throws Exception {
        AtomicReference<String> result = new AtomicReference<>("error: no digest");
        PushImageCmd push = docker.pushImageCmd(image).withTag("v1");
        EngineAuth.forImage(image).ifPresent(push::withAuthConfig);
        push.exec(new ResultCallback.Adapter<PushResponseItem>() {
                    @Override
                    public void onNext(PushResponseItem item) {
                        if (item.isErrorIndicated()) {
                            result.set("error: "
                                    + (item.getErrorDetail() == null
                                            ? "no details"
                                            : item.getErrorDetail().getMessage()));
                        } else if (item.getAux() != null && item.getAux().getDigest() != null) {
                            result.set(item.getAux().getDigest());
                        }
                    }
                })
                .awaitCompletion(120, TimeUnit.SECONDS);
        return result.get();
    }
}
