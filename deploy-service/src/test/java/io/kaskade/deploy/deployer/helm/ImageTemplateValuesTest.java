package io.kaskade.deploy.deployer.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTemplateValuesTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:5000/team/web-app | 127_0_0_1_5000_team_web_app
            gcr.io/k8s-skaffold/example | gcr_io_k8s_skaffold_example
            web                         | web
            """)
    void sanitizesImageNamesAsSkaffoldDoes(String image, String expected) {
        assertThat(ImageTemplateValues.sanitize(image)).isEqualTo(expected);
    }

    @Test
    void definesSkaffoldsVariablesPerArtifact() {
        Map<String, String> vars = ImageTemplateValues.variables(
                Map.of("127.0.0.1:5000/team/web", "127.0.0.1:5000/team/web:v1@" + DIGEST));
        String x = "127_0_0_1_5000_team_web";
        assertThat(vars)
                .containsEntry("IMAGE_REPO_" + x, "127.0.0.1:5000/team/web")
                .containsEntry("IMAGE_TAG_" + x, "v1")
                .containsEntry("IMAGE_DIGEST_" + x, DIGEST)
                .containsEntry("IMAGE_FULLY_QUALIFIED_" + x, "127.0.0.1:5000/team/web:v1@" + DIGEST)
                .containsEntry("IMAGE_DOMAIN_" + x, "127.0.0.1:5000")
                .containsEntry("IMAGE_REPO_NO_DOMAIN_" + x, "team/web");
    }

    @Test
    void expandsReferencesAndRejectsWhatItCannotExpand() {
        Map<String, String> vars = Map.of("IMAGE_REPO_web", "r", "IMAGE_TAG_web", "t");
        assertThat(ImageTemplateValues.expand("{{.IMAGE_REPO_web}}:{{ .IMAGE_TAG_web }}", vars))
                .isEqualTo("r:t");
        assertThatThrownBy(() -> ImageTemplateValues.expand("{{.IMAGE_REPO_other}}", vars))
                .hasMessageContaining("IMAGE_REPO_other");
        assertThatThrownBy(() -> ImageTemplateValues.expand("{{ default \"x\" .IMAGE_REPO_web }}", vars))
                .hasMessageContaining("only plain references");
    }
}
