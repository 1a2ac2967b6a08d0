package io.kaskade.build.gc;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.kaskade.build.builder.BuildLog;
import io.kaskade.build.builder.jib.JibImages;
import io.kaskade.build.cache.CacheTags;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.testing.RealParts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The garbage collector on the real registry and engine: expired signed cache entries go, live,
 * forged and foreign ones stay; superseded Kaskade images and stopped containers of superseded runs
 * go, the newest and everything unlabelled stay. Everything here is scoped to this test's own
 * repository and label, since the engine and registry are shared.
 */
class GarbageCollectionTest {

    private static final String BASE = RealParts.REGISTRY + "/kaskade/busybox:stable";
    private static final byte[] FLEET_KEY = "gc-test-fleet-key-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final String SCOPE = "kaskade-test.gc-scope";

    @TempDir
    static Path dir;

    private static DockerClient docker;
    private static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void parts() {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock")
                .build();
        docker = DockerClientImpl.getInstance(
                config,
                new ApacheDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .build());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        for (String id : created) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException e) {
                // already collected
            }
        }
        docker.close();
    }

    @Test
    void expiredSignedCacheEntriesAreDeletedAndNothingElse() throws Exception {
        String image = RealParts.REGISTRY + "/kaskade-test/gc-"
                + UUID.randomUUID().toString().substring(0, 8);
        RegistryClient registry = new RegistryClient(Duration.ofSeconds(30));
        String expired = push(image, "expired");
        String live = push(image, "live");
        String forged = push(image, "forged");
        String foreign = push(image, "foreign");
        Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10));
        CacheTags past = new CacheTags(FLEET_KEY, Clock.fixed(tenDaysAgo, ZoneOffset.UTC));
        CacheTags forger = new CacheTags(
                "not-the-fleet-key-0123456789".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(tenDaysAgo, ZoneOffset.UTC));
        CacheTags now = new CacheTags(FLEET_KEY, Clock.systemUTC());
        retag(registry, image, "expired", past.tagFor("1".repeat(64), expired));
        retag(registry, image, "live", now.tagFor("2".repeat(64), live));
        retag(registry, image, "forged", forger.tagFor("3".repeat(64), forged));

        RegistryGarbageCollector collector = new RegistryGarbageCollector(registry, now, Duration.ofDays(7), 10);
        assertThat(collector.sweepRepository(image, new Budget(10)))
                .as("manifests deleted")
                .isEqualTo(1);

        assertThat(registry.rawManifest(image, "expired"))
                .as("the expired entry's manifest")
                .isEmpty();
        assertThat(registry.rawManifest(image, "live"))
                .as("a live entry")
                .get()
                .extracting(RegistryClient.RawManifest::digest)
                .isEqualTo(live);
        assertThat(registry.rawManifest(image, "forged"))
                .as("an entry Kaskade did not sign")
                .isPresent();
        assertThat(registry.rawManifest(image, "foreign"))
                .as("an image without cache tags")
                .isPresent();
        assertThat(registry.tags(image)).noneMatch(t -> t.startsWith(CacheTags.PREFIX + "1"));
        assertThat(collector.sweepRepository(image, new Budget(10)))
                .as("a second pass finds nothing")
                .isZero();
    }

    @Test
    void supersededImagesOfAnArtifactGoTheNewestStay() throws Exception {
        String scope = UUID.randomUUID().toString();
        String artifact = "kaskade-test/gc-engine-" + scope.substring(0, 8);
        for (int i = 1; i <= 3; i++) {
            build(artifact + ":" + i, Map.of(EngineLabels.BUILT_ARTIFACT, artifact, SCOPE, scope), i);
        }
        build(artifact + "-foreign:1", Map.of(SCOPE, scope), 4);

        EngineGarbageCollector collector = new EngineGarbageCollector(docker, 2, Map.of(SCOPE, scope));
        assertThat(collector.sweepImages(new Budget(10))).as("images removed").isEqualTo(1);

        assertThat(images(scope).stream().filter(i -> i.getLabels().containsKey(EngineLabels.BUILT_ARTIFACT)))
                .as("Kaskade's images of the artifact left")
                .hasSize(2);
        assertThat(docker.inspectImageCmd(artifact + "-foreign:1").exec().getId())
                .as("an image Kaskade did not build")
                .isNotBlank();
        for (Image image : images(scope)) {
            docker.removeImageCmd(image.getId()).withForce(true).exec();
        }
    }

    @Test
    void stoppedContainersOfSupersededRunsGoTheLatestRunsStay() {
        String scope = UUID.randomUUID().toString();
        String old = container(scope, "run-1", "2026-12-01T10:00:00Z", "acme/app");
        String latest = container(scope, "run-2", "2026-12-02T10:00:00Z", "acme/app");
        String otherTarget = container(scope, "run-0", "2026-11-01T10:00:00Z", "acme/other");
        String unlabelled = docker.createContainerCmd(BASE)
                .withCmd("true")
                .withLabels(Map.of(SCOPE, scope))
                .exec()
                .getId();
        created.add(unlabelled);

        EngineGarbageCollector collector = new EngineGarbageCollector(docker, 2, Map.of(SCOPE, scope));
        assertThat(collector.sweepContainers(new Budget(10)))
                .as("containers removed")
                .isEqualTo(1);

        Set<String> left = Set.copyOf(
                docker
                        .listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(List.of(SCOPE + "=" + scope))
                        .exec()
                        .stream()
                        .map(Container::getId)
                        .toList());
        assertThat(left).doesNotContain(old).contains(latest, otherTarget, unlabelled);
    }

    private static String container(String scope, String run, String runCreated, String repository) {
        String id = docker.createContainerCmd(BASE)
                .withCmd("true")
                .withLabels(Map.of(
                        SCOPE,
                        scope,
                        EngineLabels.MANAGED,
                        "true",
                        EngineLabels.RUN_ID,
                        run,
                        EngineLabels.RUN_CREATED,
                        runCreated,
                        EngineLabels.REPOSITORY,
                        repository,
                        EngineLabels.REF,
                        "main",
                        EngineLabels.ARTIFACT,
                        "app"))
                .exec()
                .getId();
        created.add(id);
        return id;
    }

    private static List<Image> images(String scope) {
        return docker.listImagesCmd().withLabelFilter(SCOPE + "=" + scope).exec();
    }

    private static void build(String tag, Map<String, String> labels, int n) throws Exception {
        Path context = Files.createDirectories(dir.resolve("context-" + UUID.randomUUID()));
        Files.writeString(context.resolve("Dockerfile"), "FROM " + BASE + "\nLABEL n=" + n + "\n");
        docker.buildImageCmd(context.toFile())
                .withTags(Set.of(tag))
                .withLabels(labels)
                .withNetworkMode("none")
                .exec(new BuildImageResultCallback())
                .awaitImageId(120, TimeUnit.SECONDS);
    }

    private static String push(String image, String tag) throws Exception {
        Path file = Files.writeString(dir.resolve("f-" + UUID.randomUUID()), tag + " " + UUID.randomUUID());
        return JibImages.containerize(
                        BASE,
                        List.of(new JibImages.Layer("f", List.of(new JibImages.Entry(file, "/f")))),
                        List.of("/bin/true"),
                        List.of(),
                        image + ":" + tag,
                        JibImages.Target.REGISTRY,
                        List.of(),
                        BuildLog.tailOnly(20))
                .digest();
    }

    private static void retag(RegistryClient registry, String image, String from, String to) throws Exception {
        registry.putManifest(image, to, registry.rawManifest(image, from).orElseThrow());
    }
}
