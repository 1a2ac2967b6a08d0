package io.kaskade.build.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.jib.JibImages;
import io.kaskade.build.cache.ArtifactCache;
import io.kaskade.build.cache.CacheTags;
import io.kaskade.service.registry.RegistryCredentials;
import io.kaskade.testing.RealParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes, reads and cache hits against a second registry that refuses anonymous access (htpasswd
 * login over TLS, {@link AuthRegistry}), with the login only in a docker config: jib builds and the
 * registry client find it there, anonymous access is refused, and the password shows in no log line.
 */
class AuthenticatedRegistryTest {

    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";

    @TempDir
    static Path dir;

    private static AuthRegistry registry;
    private static Path login;
    private static Path nobody;

    @BeforeAll
    static void start() throws Exception {
        RealParts.requireRegistry();
        registry = AuthRegistry.start(Files.createDirectories(dir.resolve("registry")));
        login = registry.dockerConfig(dir.resolve("login"), registry.password);
        nobody = Files.createDirectories(dir.resolve("nobody"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void forgetConfig() {
        System.clearProperty(RegistryCredentials.DOCKER_CONFIG_PROPERTY);
    }

    @Test
    void anonymousPushesAndReadsAreRefused() throws Exception {
        System.setProperty(RegistryCredentials.DOCKER_CONFIG_PROPERTY, nobody.toString());
        BuildLog log = BuildLog.tailOnly(50);
        assertThatThrownBy(() -> push(registry.host + "/team/app:anonymous", log))
                .isInstanceOf(BuildFailure.class)
                .satisfies(e -> assertThat(((BuildFailure) e).code()).isEqualTo(BuildFailure.PUSH_FAILED));

        RegistryClient anonymous =
                new RegistryClient(Duration.ofSeconds(30), RegistryCredentials.fromDockerConfig(Optional.of(nobody)));
        assertThatThrownBy(() -> anonymous.tags(registry.host + "/team/app"))
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("wants a login");
        RegistryClient wrong = new RegistryClient(
                Duration.ofSeconds(30),
                RegistryCredentials.fromDockerConfig(
                        Optional.of(registry.dockerConfig(dir.resolve("wrong"), "not-the-password"))));
        assertThatThrownBy(() -> wrong.tags(registry.host + "/team/app")).hasMessageContaining("HTTP 401");
    }

    @Test
    void theLoginFromTheDockerConfigPushesReadsAndHitsTheCache() throws Exception {
        System.setProperty(RegistryCredentials.DOCKER_CONFIG_PROPERTY, login.toString());
        String image =
                registry.host + "/team/app-" + UUID.randomUUID().toString().substring(0, 8);
        BuildLog log = BuildLog.tailOnly(200);
        JibImages.Result pushed = push(image + ":v1", log);

        RegistryClient client = new RegistryClient(Duration.ofSeconds(30));
        assertThat(client.credentials().configFile()).isEqualTo(login.resolve("config.json"));
        assertThat(client.manifest(image, "v1"))
                .get()
                .extracting(RegistryClient.Manifest::digest)
                .isEqualTo(pushed.digest());

        ArtifactCache cache = new ArtifactCache(
                client, new CacheTags("fleet-key-0123456789".getBytes(), Clock.systemUTC()), Duration.ofDays(1));
        String key = "a".repeat(64);
        assertThat(cache.restore(image, key, "v2"))
                .as("a cache miss before anything was remembered")
                .isEmpty();
        cache.remember(image, "v1", key);
        Optional<RegistryClient.Manifest> hit = cache.restore(image, key, "v2");
        assertThat(hit)
                .as("a cache hit in the authenticated registry")
                .get()
                .extracting(RegistryClient.Manifest::digest)
                .isEqualTo(pushed.digest());
        assertThat(client.manifest(image, "v2"))
                .get()
                .extracting(RegistryClient.Manifest::digest)
                .isEqualTo(pushed.digest());

        assertThat(log.tail()).isNotEmpty().noneMatch(line -> line.contains(registry.password));
        assertThat(registry.log()).doesNotContain(registry.password);
    }

    private static JibImages.Result push(String reference, BuildLog log) throws Exception {
        Path file = Files.writeString(dir.resolve("hello-" + UUID.randomUUID() + ".txt"), "hello " + reference + "\n");
        return JibImages.containerize(
                BASE,
                List.of(new JibImages.Layer("files", List.of(new JibImages.Entry(file, "/hello.txt")))),
                List.of("/bin/cat", "/hello.txt"),
                List.of(),
                reference,
                JibImages.Target.REGISTRY,
                List.of(),
                log);
    }
}
