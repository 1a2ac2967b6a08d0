package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.ImageBuilt;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StructureTested;
import io.kaskade.testing.CdEventSchemas;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole runs through the four packaged services and the cdevents-bridge, each its own process, on one real Kafka broker,
 * the real Docker engine and the real registry: what a user gets from {@code ./kaskade up}.
 */
class PipelineIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String BASE_IMAGE = "127.0.0.1:5000/kaskade/busybox:stable";

    private static final List<ServiceProcess> services = new ArrayList<>();
    private static final List<Path> repos = new ArrayList<>();
    private static final String API_TOKEN = UUID.randomUUID().toString();
    private static ServiceProcess trigger;
    private static ServiceProcess build;
    private static ServiceProcess cdevents;
    private static Path registeredRepo;
    private static EventProbe probe;
    private static String bootstrap;

    @BeforeAll
    static void startServices() throws IOException {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        bootstrap = KafkaBroker.bootstrapServers();
        probe = new EventProbe(bootstrap);
        Path root = Path.of(System.getProperty("kaskade.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path work = Files.createTempDirectory("kaskade-e2e");
        // The dev stack's settings: a token for the API, and local repositories from loopback callers.
        trigger = ServiceProcess.start(
                root,
                "trigger-service",
                bootstrap,
                work.resolve("trigger"),
                Map.of("kaskade.trigger.api-token", API_TOKEN, "kaskade.trigger.allow-local-paths", "true"));
        services.add(trigger);
        build = ServiceProcess.start(
                root,
                "build-service",
                bootstrap,
                work.resolve("build"),
                Map.of(
                        "kaskade.build.workspace-dir",
                        work.resolve("build/workspace").toString()));
        services.add(build);
        services.add(ServiceProcess.start(root, "test-service", bootstrap, work.resolve("test"), Map.of()));
        services.add(ServiceProcess.start(root, "deploy-service", bootstrap, work.resolve("deploy"), Map.of()));
        // The bridge reads its registered repositories at start, so this one exists (empty) before it starts.
        registeredRepo = Files.createTempDirectory("e2e-cdevents");
        cdevents = ServiceProcess.start(
                root,
                "cdevents-bridge",
                bootstrap,
                work.resolve("cdevents"),
                Map.of(
                        "kaskade.cdevents.environment-id",
                        "e2e",
                        "kaskade.cdevents.repositories",
                        registeredRepo.toString()));
        services.add(cdevents);
    }

    @AfterAll
    static void stopServices() throws Exception {
        for (Path repo : repos) {
            removeContainers(repo);
        }
        for (ServiceProcess service : services) {
            service.close();
        }
    }

    @Test
    void aCommitBecomesARunningContainerThatAnswers() throws Exception {
        int appPort = ServiceProcess.freePort();
        Path repo = appRepo(appPort, "Hello from the e2e test", passingTests());

        String runId = trigger(repo);

        SourceChanged source = probe.awaitEvent("kaskade.source-changed", runId, SourceChanged.class, RUN_TIMEOUT);
        ImageBuilt built = probe.awaitEvent("kaskade.image-built", runId, ImageBuilt.class, RUN_TIMEOUT);
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", runId, ImagePushed.class, RUN_TIMEOUT);
        StructureTested tested =
                probe.awaitEvent("kaskade.structure-tested", runId, StructureTested.class, RUN_TIMEOUT);
        Deployed deployed = awaitDeployedOrFail(runId);

        String shortSha = source.commit().substring(0, 7);
        assertThat(built.image()).endsWith(":" + shortSha);
        assertThat(pushed.image()).startsWith(built.image() + "@sha256:").endsWith(pushed.digest());
        assertThat(tested.passed()).isTrue();
        assertThat(tested.results()).isNotEmpty().allMatch(r -> r.passed());
        assertThat(deployed.images()).containsEntry(source.artifacts().get(0), pushed.image());
        assertThat(deployed.resources()).isNotEmpty();
        assertThat(get("http://127.0.0.1:" + appPort + "/")).contains("Hello from the e2e test");
    }

    @Test
    void aFailingStructureTestStopsTheRunBeforeDeploy() throws Exception {
        int appPort = ServiceProcess.freePort();
        Path repo = appRepo(appPort, "never deployed", """
                schemaVersion: 2.0.0
                fileExistenceTests:
                  - name: config file that is not there
                    path: /etc/kaskade-missing.conf
                    shouldExist: true
                """);

        String runId = trigger(repo);

        StructureTested tested =
                probe.awaitEvent("kaskade.structure-tested", runId, StructureTested.class, RUN_TIMEOUT);
        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", runId, StageFailed.class, RUN_TIMEOUT);
        assertThat(tested.passed()).isFalse();
        assertThat(failed.stage()).isEqualTo(Stage.TEST);
        assertThat(failed.errorCode()).isEqualTo("TEST_STRUCTURE_FAILED");
        assertThat(failed.message()).contains("config file that is not there");

        // Once deploy-service has consumed the record, a deploy would already have been published.
        awaitConsumed("kaskade-deploy-service", "kaskade.structure-tested");
        assertThat(probe.readAll("kaskade.deployed")).noneMatch(r -> runId.equals(r.key()));
        assertThat(RealParts.portOpen(appPort)).isFalse();
    }

    @Test
    void aBrokenDockerfileYieldsABuildFailureWithTheLog() throws Exception {
        Path repo = Files.createTempDirectory("e2e-broken");
        repos.add(repo);
        String image =
                "127.0.0.1:5000/e2e/broken-" + UUID.randomUUID().toString().substring(0, 8);
        GitRepos.create(
                repo,
                Map.of(
                        "Dockerfile",
                        "FROM " + BASE_IMAGE + "\nRUN echo about to fail && exit 3\n",
                        "skaffold.yaml",
                        skaffold(image)));

        String runId = trigger(repo);

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", runId, StageFailed.class, RUN_TIMEOUT);
        assertThat(failed.stage()).isEqualTo(Stage.BUILD);
        assertThat(failed.errorCode()).isEqualTo("BUILD_DOCKER_FAILED");
        assertThat(failed.artifact()).isEqualTo(image);
        assertThat(String.join("\n", failed.logTail())).contains("about to fail");
    }

    @Test
    void aMalformedEventGoesToTheDeadLetterTopicAndTheServiceKeepsServing() throws Exception {
        String key = "malformed-" + UUID.randomUUID();
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", key);
        headers.put("ce_source", "/e2e");
        headers.put("ce_type", "io.kaskade.source.changed.v1");
        probe.send(
                "kaskade.source-changed",
                key,
                headers,
                "{\"this is\": \"not a SourceChanged\"".getBytes(StandardCharsets.UTF_8));

        EventProbe.Received dead = probe.await("kaskade.dead-letter", r -> key.equals(r.key()), RUN_TIMEOUT);
        assertThat(dead.headers()).containsKey("dead-letter-reason");
        assertThat(dead.headers().get("dead-letter-topic")).isEqualTo("kaskade.source-changed");
        assertThat(build.ready()).as("build-service still ready").isTrue();

        // And it still builds: a valid run right after the poison record goes through the build stage.
        Path repo = appRepo(ServiceProcess.freePort(), "after the poison", passingTests());
        String runId = trigger(repo);
        ImagePushed pushed = probe.awaitEvent("kaskade.image-pushed", runId, ImagePushed.class, RUN_TIMEOUT);
        assertThat(pushed.digest()).startsWith("sha256:");
        awaitDeployedOrFail(runId);
    }

    /**
     * Another system asks for a run with plain kafka-clients (headers and JSON by hand, no Kaskade jar): the
     * trigger starts it, it is deployed, and the cdevents-bridge reports it as CDEvents valid by the v0.5.1 schemas.
     */
    @Test
    void aRunRequestedIsDeployedAndReportedAsValidCdEvents() throws Exception {
        int appPort = ServiceProcess.freePort();
        Path repo = appRepo(appPort, "Requested over Kafka", passingTests());
        String requestId = UUID.randomUUID().toString();
        probe.send(
                "kaskade.run-requested",
                repo.toString(),
                Map.of(
                        "ce_specversion",
                        "1.0",
                        "ce_id",
                        requestId,
                        "ce_source",
                        "/e2e/other-system",
                        "ce_type",
                        "io.kaskade.run.requested.v1",
                        "content-type",
                        "application/json"),
                ("{\"requestId\": \"" + requestId + "\", \"repository\": \"" + repo + "\", \"ref\": \"main\"}")
                        .getBytes(StandardCharsets.UTF_8));

        EventProbe.Received started = probe.await(
                "kaskade.source-changed", r -> r.text().contains("\"repository\":\"" + repo + "\""), RUN_TIMEOUT);
        String runId = started.key();
        // That the deployed container answers is aCommitBecomesARunningContainerThatAnswers' job; here the run's
        // events are the point, so no request to the app's port (which the shared machine may race for).
        Deployed deployed = awaitDeployedOrFail(runId);
        assertThat(deployed.images()).hasSize(1);

        List<String> expected = List.of(
                "dev.cdevents.pipelinerun.queued.0.3.0",
                "dev.cdevents.pipelinerun.started.0.3.0",
                "dev.cdevents.build.started.0.3.0",
                "dev.cdevents.build.finished.0.3.0",
                "dev.cdevents.artifact.packaged.0.3.0",
                "dev.cdevents.artifact.published.0.3.0",
                "dev.cdevents.testsuiterun.finished.0.3.0",
                "dev.cdevents.pipelinerun.finished.0.3.0");
        List<EventProbe.Received> cdEvents = new ArrayList<>();
        Awaitility.await("CDEvents of run " + runId)
                .atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    cdEvents.clear();
                    probe.readAll("kaskade.cdevents").stream()
                            .filter(r -> runId.equals(r.key()))
                            .forEach(cdEvents::add);
                    List<String> types = cdEvents.stream()
                            .map(r -> r.headers().get("ce_type"))
                            .toList();
                    return types.containsAll(expected)
                            && types.stream().anyMatch(t -> t.startsWith("dev.cdevents.service."));
                });
        for (EventProbe.Received record : cdEvents) {
            JsonNode event = EventCodec.mapper().readTree(record.value());
            CdEventSchemas.assertValid(event);
            assertThat(record.headers().get("ce_type"))
                    .isEqualTo(event.path("context").path("type").asText());
            assertThat(event.path("context").path("chainId").asText()).isEqualTo(runId);
        }
        JsonNode service = EventCodec.mapper()
                .readTree(cdEvents.stream()
                        .filter(r -> r.headers().get("ce_type").startsWith("dev.cdevents.service."))
                        .findFirst()
                        .orElseThrow()
                        .value());
        assertThat(service.path("subject")
                        .path("content")
                        .path("environment")
                        .path("id")
                        .asText())
                .isEqualTo("e2e");
        String digest = deployed.images().values().iterator().next().replaceFirst(".*@", "");
        assertThat(service.path("subject").path("content").path("artifactId").asText())
                .contains(digest.replace(":", "%3A"));
    }

    /** A CDEvents change.merged for a registered repository, sent over HTTP to the bridge, is built and deployed. */
    @Test
    void aChangeMergedCdEventForARegisteredRepositoryIsDeployed() throws Exception {
        int appPort = ServiceProcess.freePort();
        appRepo(registeredRepo, appPort, "Merged and deployed", passingTests());
        ObjectNode event = EventCodec.mapper().createObjectNode();
        event.putObject("context")
                .put("specversion", "0.5.1")
                .put("id", UUID.randomUUID().toString())
                .put("source", "/e2e/forge")
                .put("type", "dev.cdevents.change.merged.0.3.0")
                .put("timestamp", Instant.now().toString());
        event.putObject("subject")
                .put("id", "change-1")
                .putObject("content")
                .putObject("repository")
                .put("id", registeredRepo.toString());
        CdEventSchemas.assertValid(event);

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(cdevents.url("/api/v1/cdevents")))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

        EventProbe.Received started = probe.await(
                "kaskade.source-changed",
                r -> r.text().contains("\"repository\":\"" + registeredRepo + "\""),
                RUN_TIMEOUT);
        assertThat(((SourceChanged) started.event()).variables())
                .containsEntry("CDEVENT_TYPE", "dev.cdevents.change.merged.0.3.0");
        assertThat(awaitDeployedOrFail(started.key()).images()).hasSize(1);
    }

    private static Deployed awaitDeployedOrFail(String runId) {
        List<Deployed> out = new ArrayList<>();
        Awaitility.await("Deployed for run " + runId)
                .atMost(RUN_TIMEOUT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (EventProbe.Received r : probe.readAll("kaskade.deployed", "kaskade.stage-failed")) {
                        if (!runId.equals(r.key())) {
                            continue;
                        }
                        if (r.event() instanceof StageFailed failed) {
                            throw new AssertionError("run failed instead of deploying: " + failed);
                        }
                        out.add((Deployed) r.event());
                        return true;
                    }
                    return false;
                });
        return out.get(0);
    }

    private static String trigger(Path repo) throws Exception {
        String body = "{\"repo\": \"" + repo + "\", \"ref\": \"main\"}";
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(trigger.url("/api/v1/runs")))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + API_TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Matcher m = Pattern.compile("\"runId\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as("runId in " + response.body()).isTrue();
        return m.group(1);
    }

    private static Path appRepo(int port, String greeting, String structureTests) throws IOException {
        return appRepo(Files.createTempDirectory("e2e-app"), port, greeting, structureTests);
    }

    private static Path appRepo(Path repo, int port, String greeting, String structureTests) throws IOException {
        repos.add(repo);
        String image = "127.0.0.1:5000/e2e/app-" + UUID.randomUUID().toString().substring(0, 8);
        GitRepos.create(
                repo,
                Map.of(
                        "index.html",
                        "<h1>" + greeting + "</h1>\n",
                        "Dockerfile",
                        """
                        FROM %s
                        COPY index.html /www/index.html
                        HEALTHCHECK --interval=1s --timeout=2s --retries=5 CMD wget -q -O /dev/null http://127.0.0.1:%d/ || exit 1
                        CMD ["httpd", "-f", "-p", "127.0.0.1:%d", "-h", "/www"]
                        """.formatted(BASE_IMAGE, port, port),
                        "structure-test.yaml",
                        structureTests,
                        "skaffold.yaml",
                        skaffold(image)));
        return repo;
    }

    private static String passingTests() {
        return """
                schemaVersion: 2.0.0
                fileExistenceTests:
                  - name: index page
                    path: /www/index.html
                    shouldExist: true
                fileContentTests:
                  - name: greeting
                    path: /www/index.html
                    expectedContents: ['<h1>']
                commandTests:
                  - name: httpd is installed
                    command: sh
                    args: ["-c", "test -x /bin/httpd && echo present"]
                    expectedOutput: ["present"]
                metadataTest:
                  envVars:
                    - key: PATH
                      value: /bin
                """;
    }

    private static String skaffold(String image) {
        return """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                    - image: %1$s
                test:
                  - image: %1$s
                    structureTests: [./structure-test.yaml]
                deploy:
                  docker:
                    images: [%1$s]
                """.formatted(image);
    }

    private static void awaitConsumed(String group, String topic) {
        Awaitility.await(group + " consumed " + topic)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                        admin.describeTopics(List.of(topic))
                                .allTopicNames()
                                .get()
                                .get(topic)
                                .partitions()
                                .forEach(
                                        p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                        var ends = admin.listOffsets(latest).all().get();
                        return ends.entrySet().stream()
                                .allMatch(e -> e.getValue().offset() == 0
                                        || (committed.get(e.getKey()) != null
                                                && committed.get(e.getKey()).offset()
                                                        >= e.getValue().offset()));
                    }
                });
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Removes the containers deployed for a test repository, by the labels deploy-service puts on them. */
    private static void removeContainers(Path repo) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=kaskade.repository=" + repo)
                .redirectErrorStream(true)
                .start();
        String ids = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        ps.waitFor();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
            rm.addAll(List.of(ids.split("\\s+")));
            new ProcessBuilder(rm).redirectErrorStream(true).start().waitFor();
        }
    }
}
