package io.kaskade.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue of Kaskade's images, read from this checkout; building them is tested in e2e-tests. */
class KaskadeImagesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void everyServiceModuleOfTheCheckoutGetsAnImageTaggedWithTheProjectVersionAndTheBrokerItsKafkaVersion() {
        Versions versions = Versions.current();
        assertThat(versions.project()).isNotBlank().doesNotContain("${");
        assertThat(versions.kafka()).isEqualTo("4.1.2");

        List<ImageSpec> images = KaskadeImages.all(ROOT, "127.0.0.1:5000", versions);
        ImageBuilder builder = new ImageBuilder("127.0.0.1:5000", tmp, line -> {});

        assertThat(images)
                .extracting(ImageSpec::name)
                .containsExactly(
                        "build-service",
                        "cdevents-bridge",
                        "deploy-service",
                        "monitor-service",
                        "test-service",
                        "trigger-service",
                        "kafka");
        assertThat(images)
                .extracting(builder::reference)
                .containsExactly(
                        "127.0.0.1:5000/kaskade/build-service:" + versions.project(),
                        "127.0.0.1:5000/kaskade/cdevents-bridge:" + versions.project(),
                        "127.0.0.1:5000/kaskade/deploy-service:" + versions.project(),
                        "127.0.0.1:5000/kaskade/monitor-service:" + versions.project(),
                        "127.0.0.1:5000/kaskade/test-service:" + versions.project(),
                        "127.0.0.1:5000/kaskade/trigger-service:" + versions.project(),
                        "127.0.0.1:5000/kaskade/kafka:4.1.2");
        assertThat(images).extracting(ImageSpec::baseImage).containsOnly("127.0.0.1:5000/kaskade/jre:17");
    }

    @Test
    void aNewServiceModuleIsFoundWithoutBeingListed() throws IOException {
        for (String module : List.of("alpha-service", "beta-service", "not-a-service-lib", "gamma-service")) {
            Files.createDirectories(tmp.resolve(module));
            if (!module.equals("gamma-service")) {
                Files.writeString(tmp.resolve(module).resolve("pom.xml"), "<project/>");
            }
        }
        assertThat(KaskadeImages.serviceModules(tmp)).containsExactly("alpha-service", "beta-service");
    }

    @Test
    void theBaseImageScriptAndTheImagesModuleAgreeOnTheJdkModules() throws IOException {
        String script = Files.readString(ROOT.resolve("scripts/make-jre-base.sh"));
        Matcher m = Pattern.compile("MODULES=\"\\$\\{KASKADE_JRE_MODULES:-([^}]+)}\"")
                .matcher(script);
        assertThat(m.find()).as("MODULES default in make-jre-base.sh").isTrue();
        assertThat(Arrays.asList(m.group(1).split(","))).containsExactlyInAnyOrderElementsOf(JreBase.REQUIRED_MODULES);
        assertThat(script).contains("LABEL " + JreBase.MODULES_LABEL + "=$MODULES");
    }

    @Test
    void theBrokerImageShipsApacheKafkaImageStyleStartScriptAndDefaults() throws IOException {
        String run = resource("kafka/run");
        assertThat(run)
                .startsWith("#!/bin/sh")
                .contains("kafka.docker.KafkaDockerWrapper setup")
                .contains("--default-configs-dir /etc/kafka/docker")
                .contains("exec java")
                .contains("kafka.Kafka");
        assertThat(resource("kafka/server.properties"))
                .contains("process.roles=broker,controller")
                .contains("controller.quorum.voters=1@127.0.0.1:9093");
        assertThat(resource("kafka/bash")).contains("exec /bin/sh \"$@\"");
        assertThat(resource("service/health")).contains("/q/health/ready");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KaskadeImagesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
