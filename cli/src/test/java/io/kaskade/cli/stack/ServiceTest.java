package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the local stack starts a service JVM: its memory flags, its port, its jar. */
class ServiceTest {

    @Test
    void aServiceRunsItsJarOnItsPortWithTheMemoryFlagsBeforeTheJar() {
        List<String> command =
                new Service("build-service", 8082).command(Path.of("/repo/build-service/quarkus-run.jar"));

        assertThat(command.get(0)).isEqualTo("java");
        assertThat(command.subList(1, 1 + Service.JVM_FLAGS.size())).isEqualTo(Service.JVM_FLAGS);
        assertThat(command)
                .contains("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=8082")
                .endsWith("-jar", "/repo/build-service/quarkus-run.jar");
    }

    @Test
    void theJvmAcceptsEveryFlag() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Service.JVM_FLAGS);
        command.add("-version");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).doesNotContain("Unrecognized", "Ignoring option");
    }
}
