package io.kaskade.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.model.config.SkaffoldConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Skaffold config in the corpus parses, as Skaffold would parse it; the known bad one is rejected. */
class CorpusConformanceTest {

    private static final String KNOWN_BAD = "examples/kustomize/skaffold-kustomize-args.yaml";

    /**
     * Integration-test inputs that Skaffold's own strict parser rejects as well (they use fields their
     * apiVersion does not have), with the field the error must name.
     */
    private static final Map<String, String> SKAFFOLD_REJECTS_TOO = Map.of(
            "integration/testdata/skaffold-in-cluster/skaffold.yaml", "profiles[0].manifests.kustomize.path",
            "integration/testdata/build/secret/skaffold.yaml", "build.artifacts[0].docker.secret");

    static Stream<String> configs() {
        Path root = Corpus.skaffold();
        List<Path> all = Corpus.skaffoldConfigs(root);
        assertThat(all).as("Skaffold configs in the corpus").hasSizeGreaterThan(100);
        return all.stream()
                .map(p -> root.relativize(p).toString().replace('\\', '/'))
                .filter(p -> !p.equals(KNOWN_BAD) && !SKAFFOLD_REJECTS_TOO.containsKey(p));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void parses(String file) {
        Path path = Corpus.skaffold().resolve(file);
        List<ConfigLoader.ParsedConfig> docs = ConfigLoader.load(Corpus.read(path), file);
        assertThat(docs).isNotEmpty();
        for (ConfigLoader.ParsedConfig doc : docs) {
            assertThat(doc.config().apiVersion()).isEqualTo(SkaffoldConfig.CURRENT_API_VERSION);
            assertThat(doc.config().kind()).isEqualTo("Config");
            // The current-schema YAML we print must itself parse back to the same config.
            String printed = ConfigLoader.toYaml(doc.config());
            assertThat(ConfigLoader.parse(printed, file + " (printed)")).containsExactly(doc.config());
        }
    }

    @Test
    void kustomizeArgsExampleIsRejectedNamingDeployKustomize() {
        Path path = Corpus.skaffold().resolve(KNOWN_BAD);
        assertThatThrownBy(() -> ConfigLoader.parse(Corpus.read(path), KNOWN_BAD))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KNOWN_BAD + ":4:3")
                .hasMessageContaining("deploy.kustomize")
                .hasMessageContaining("allowed fields: cloudrun, docker, helm");
    }

    @Test
    void configsSkaffoldRejectsAreRejectedNamingTheField() {
        SKAFFOLD_REJECTS_TOO.forEach((file, field) -> assertThatThrownBy(
                        () -> ConfigLoader.parse(Corpus.read(Corpus.skaffold().resolve(file)), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageMatching("(?s)" + java.util.regex.Pattern.quote(file) + ":\\d+:\\d+: field '"
                        + java.util.regex.Pattern.quote(field) + "' is not allowed here.*"));
    }
}
