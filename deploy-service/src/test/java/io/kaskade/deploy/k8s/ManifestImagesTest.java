package io.kaskade.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.deploy.deployer.kubectl.KubernetesLabels;
import io.kaskade.deploy.deployer.kubectl.ManifestImages;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestImagesTest {

    private static final String TESTED = "127.0.0.1:5000/app:abc@sha256:" + "1".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "127.0.0.1:5000/app, true",
        "127.0.0.1:5000/app:latest, true",
        "127.0.0.1:5000/app:v1@sha256:" + "2222222222222222222222222222222222222222222222222222222222222222" + ", true",
        "127.0.0.1:5000/app-other, false",
        "127.0.0.1:5000/other/app, false",
        "app, false",
    })
    void replacesOnlyTheArtifactsRepository(String image, boolean replaced) throws Exception {
        JsonNode tree = JSON.readTree("""
                {"spec": {"template": {"spec": {
                  "initContainers": [{"name": "init", "image": "%s"}],
                  "containers": [{"name": "main", "image": "%s"}, {"name": "side", "image": "127.0.0.1:5000/sidecar:1"}]}}}}
                """.formatted(image, image));

        var used = ManifestImages.replace(tree, Map.of("127.0.0.1:5000/app", TESTED));

        JsonNode spec = tree.at("/spec/template/spec");
        String expected = replaced ? TESTED : image;
        assertThat(spec.at("/containers/0/image").asText()).isEqualTo(expected);
        assertThat(spec.at("/initContainers/0/image").asText()).isEqualTo(expected);
        assertThat(spec.at("/containers/1/image").asText()).isEqualTo("127.0.0.1:5000/sidecar:1");
        assertThat(used).hasSize(replaced ? 1 : 0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "run-1, run-1",
        "127.0.0.1:5000/app, 127.0.0.1_5000_app",
        "-x-, x",
    })
    void makesValidLabelValues(String value, String label) {
        assertThat(KubernetesLabels.labelValue(value)).isEqualTo(label);
    }
}
