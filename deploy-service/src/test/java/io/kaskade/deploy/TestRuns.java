package io.kaskade.deploy;

import io.kaskade.core.config.ConfigLoader;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.StructureTested;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Builds runs and their {@code StructureTested} events for tests. */
public final class TestRuns {

    private TestRuns() {}

    /** A config building {@code artifacts}, with {@code deploy} as the YAML of its deploy section (or null). */
    public static SkaffoldConfig config(List<String> artifacts, String deployYaml) {
        StringBuilder yaml = new StringBuilder("apiVersion: skaffold/v4beta14\nkind: Config\nbuild:\n  artifacts:\n");
        for (String artifact : artifacts) {
            yaml.append("    - image: ").append(artifact).append('\n');
        }
        if (deployYaml != null) {
            yaml.append("deploy:\n");
            deployYaml.lines().forEach(line -> yaml.append("  ").append(line).append('\n'));
        }
        return ConfigLoader.parse(yaml.toString(), "skaffold.yaml").get(0);
    }

    /** A run of {@code repository} on {@code refs/heads/main} created at {@code created}. */
    public static RunRef run(String repository, Instant created) {
        return new RunRef(
                "run-" + UUID.randomUUID(),
                created.truncatedTo(ChronoUnit.MILLIS),
                repository,
                "0123456789abcdef0123456789abcdef01234567",
                "refs/heads/main");
    }

    public static StructureTested passed(RunRef run, String artifact, String image, SkaffoldConfig config) {
        return StructureTested.of(run, artifact, image, true, List.of(), config);
    }

    public static StructureTested failed(RunRef run, String artifact, String image, SkaffoldConfig config) {
        return StructureTested.of(run, artifact, image, false, List.of(), config);
    }

    /** A made-up digest-pinned image for tests that never run it. */
    public static String fakeImage(String artifact) {
        return artifact + ":v1@sha256:" + "ab".repeat(32);
    }
}
