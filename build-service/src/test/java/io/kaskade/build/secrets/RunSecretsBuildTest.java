package io.kaskade.build.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildConfig;
import io.kaskade.model.config.CustomArtifact;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.StageFailed;
import io.kaskade.service.secrets.SecretBox;
import io.kaskade.service.secrets.SecretMask;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.GitRepos;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.kaskade.testing.RealParts;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run whose custom build echoes its secret, on the real broker: the build receives the value (its
 * output carries the value's sha256, computed inside the build), yet the value and its base64 appear on
 * no {@code kaskade.*} topic and not in the service's log file ({@code target/build-service-test.log},
 * written through the same masking filter as the console).
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class RunSecretsBuildTest {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Path SERVICE_LOG = Path.of("target/build-service-test.log");
    private static final String SCRIPT = """
            #!/bin/sh
            echo "token=$API_TOKEN"
            echo "b64=$(printf %s "$API_TOKEN" | base64)"
            echo "sha256=$(printf %s "$API_TOKEN" | sha256sum | cut -d' ' -f1)"
            echo "about to fail with $API_TOKEN" >&2
            exit 3
            """;

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());

    @ConfigProperty(name = "kaskade.secrets.key")
    String key;

    @BeforeAll
    static void realParts() {
        RealParts.requireRegistry();
    }

    @Test
    void anEchoedSecretReachesTheBuildButNoTopicAndNoLog() throws Exception {
        String value = "build-secret-" + UUID.randomUUID();
        String base64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        SourceChanged event = sealed(customRun(), Map.of("API_TOKEN", value), SecretBox.of(key));

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, WAIT);
        assertThat(failed.errorCode()).isEqualTo("BUILD_CUSTOM_FAILED");
        assertThat(failed.logTail())
                .contains("token=***", "b64=***")
                .anyMatch(l -> l.contains("about to fail with ***"));
        List<String> lines = probe.readAll("kaskade.build-log").stream()
                .filter(r -> event.runId().equals(r.key()))
                .map(r -> readLine(r.value()))
                .toList();
        assertThat(lines)
                .as("the build received the value: it printed its sha256")
                .contains("sha256=" + sha256(value));
        assertThat(lines).contains("token=***");

        List<String> topics = kaskadeTopics();
        assertThat(topics).contains("kaskade.source-changed", "kaskade.stage-failed", "kaskade.build-log");
        for (EventProbe.Received record : probe.readAll(topics.toArray(String[]::new))) {
            String text = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
            assertThat(text)
                    .as("a record on " + record.topic())
                    .doesNotContain(value)
                    .doesNotContain(base64);
        }
        String serviceLog = Files.readString(SERVICE_LOG);
        assertThat(serviceLog).as("the service logged the run").contains(event.runId());
        assertThat(serviceLog).doesNotContain(value).doesNotContain(base64);
    }

    @Test
    void theServiceLogMasksWhatARunRegistered() throws Exception {
        String value = "log-secret-" + UUID.randomUUID();
        try (SecretMask.Registration registration = SecretMask.register(List.of(value))) {
            Logger.getLogger(RunSecretsBuildTest.class).infof("a tool said %s", value);
        }
        Awaitility.await("the masked line in " + SERVICE_LOG)
                .atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(SERVICE_LOG).contains("a tool said ***"));
        assertThat(Files.readString(SERVICE_LOG)).doesNotContain(value);
    }

    @Test
    void secretsSealedUnderAnotherKeyFailTheRunByName() throws Exception {
        SourceChanged event = sealed(
                customRun(), Map.of("OTHER_TOKEN", "other-key-" + UUID.randomUUID()), SecretBox.of(SecretBox.newKey()));

        probe.publish("kaskade.source-changed", event, "/kaskade/test");

        StageFailed failed = probe.awaitEvent("kaskade.stage-failed", event.runId(), StageFailed.class, WAIT);
        assertThat(failed.errorCode()).isEqualTo(RunSecretsOpener.SECRETS_UNAVAILABLE);
        assertThat(failed.message()).contains("OTHER_TOKEN").contains("kaskade.secrets.key");
        assertThat(probe.readAll("kaskade.build-log"))
                .noneMatch(r -> event.runId().equals(r.key()));
    }

    private static SourceChanged customRun() throws Exception {
        Path repo = Files.createTempDirectory("build-secrets");
        String commit = GitRepos.create(repo, Map.of("build.sh", SCRIPT));
        String image = RealParts.REGISTRY + "/kaskade-test/secrets-"
                + UUID.randomUUID().toString().substring(0, 8);
        Artifact artifact = new Artifact(
                image,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new CustomArtifact("sh build.sh", null));
        SkaffoldConfig config = new SkaffoldConfig(
                SkaffoldConfig.CURRENT_API_VERSION,
                SkaffoldConfig.KIND,
                null,
                null,
                new BuildConfig(List.of(artifact), null, null, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        RunRef run = new RunRef(
                UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                repo.toString(),
                commit,
                "refs/heads/main");
        return SourceChanged.of(run, List.of(), List.of(image), config, Map.of("PLAIN", "x"));
    }

    private static SourceChanged sealed(SourceChanged event, Map<String, String> secrets, SecretBox box) {
        return event.withSealed(box.sealAll(event.runId(), secrets), null);
    }

    private List<String> kaskadeTopics() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith("kaskade."))
                    .sorted()
                    .toList();
        }
    }

    private static String readLine(byte[] json) {
        try {
            return EventCodec.mapper().readTree(json).path("line").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
