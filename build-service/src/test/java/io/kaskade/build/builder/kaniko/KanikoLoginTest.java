package io.kaskade.build.builder.kaniko;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.kaskade.service.registry.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's registry login as kaniko reads it: a config.json Secret mounted at /kaniko/.docker of the kaniko container. */
class KanikoLoginTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetConfig() {
        System.clearProperty(RegistryCredentials.DOCKER_CONFIG_PROPERTY);
    }

    @Test
    void theLoginOfTheDestinationRegistryBecomesKanikosDockerConfig() throws Exception {
        String auth = Base64.getEncoder().encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                dir.resolve("config.json"), "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}");
        System.setProperty(RegistryCredentials.DOCKER_CONFIG_PROPERTY, dir.toString());

        Secret secret = KanikoLogin.secret("registry.example.com/team/app").orElseThrow();
        assertThat(secret.getStringData())
                .containsEntry("config.json", "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + auth + "\"}}}");
        assertThat(secret.getMetadata().getGenerateName()).startsWith("kaskade-kaniko-login-");
        assertThat(KanikoLogin.secret("other.example.com/team/app"))
                .as("a registry without a login")
                .isEmpty();
    }

    @Test
    void theSecretIsMountedWhereKanikoReadsIt() {
        Pod pod = new PodBuilder()
                .withNewSpec()
                .addNewInitContainer()
                .withName(KanikoPod.INIT_CONTAINER)
                .endInitContainer()
                .addNewContainer()
                .withName(KanikoPod.KANIKO_CONTAINER)
                .endContainer()
                .endSpec()
                .build();
        Pod mounted = new KanikoLogin(null, "default", "kaskade-kaniko-login-x").mount(pod);
        assertThat(mounted.getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo(KanikoLogin.VOLUME);
            assertThat(v.getSecret().getSecretName()).isEqualTo("kaskade-kaniko-login-x");
        });
        assertThat(mounted.getSpec().getContainers().get(0).getVolumeMounts())
                .singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/kaniko/.docker"));
        assertThat(mounted.getSpec().getInitContainers().get(0).getVolumeMounts())
                .isNullOrEmpty();
    }
}
