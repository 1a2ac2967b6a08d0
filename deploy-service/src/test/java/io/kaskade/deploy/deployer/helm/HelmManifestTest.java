package io.kaskade.deploy.deployer.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Helm's multi-document output read with Jackson: documents, hooks, comparison and image replacement. */
class HelmManifestTest {

    private static final String ARTIFACT = "127.0.0.1:5000/kaskade/helm-literal";
    private static final String TESTED = ARTIFACT + ":v1@sha256:" + "a".repeat(64);

    /** As {@code helm template} prints it: source comments, an empty document, a hook, a document marker with spaces. */
    private static final String TEMPLATED = """
            ---
            # Source: literal/templates/configmap.yaml
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: greeting
            data:
              text: "---\\nnot a document marker"
            ---
            # Source: literal/templates/empty.yaml
            ---   \n\
            # Source: literal/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: 127.0.0.1:5000/kaskade/helm-literal:latest
            ---
            # Source: literal/templates/test.yaml
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-test
              annotations:
                "helm.sh/hook": test
            """;

    @Test
    void readsEveryObjectDocumentAndDropsEmptyOnes() {
        HelmManifest manifest = HelmManifest.parse(TEMPLATED);

        assertThat(manifest.documents())
                .extracting(doc -> doc.path("metadata").path("name").asText())
                .containsExactly("greeting", "web", "web-test");
        assertThat(manifest.documents().get(0).path("data").path("text").asText())
                .as("a document marker inside a string is text")
                .isEqualTo("---\nnot a document marker");
    }

    @Test
    void withoutHooksDropsHookDocumentsOnly() {
        assertThat(HelmManifest.parse(TEMPLATED).withoutHooks().documents())
                .extracting(doc -> doc.path("metadata").path("name").asText())
                .containsExactly("greeting", "web");
    }

    @Test
    void sameAsIgnoresDocumentOrderKeyOrderCommentsAndLayout() {
        String reordered = """
                # Source: literal/templates/test.yaml
                kind: Pod
                apiVersion: v1
                metadata: {name: web-test, annotations: {"helm.sh/hook": test}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                      - {name: web, image: "127.0.0.1:5000/kaskade/helm-literal:latest"}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: greeting
                data:
                  text: "---\\nnot a document marker"
                """;
        HelmManifest manifest = HelmManifest.parse(TEMPLATED);

        assertThat(manifest.sameAs(HelmManifest.parse(reordered))).isTrue();
        assertThat(manifest.sameAs(manifest.withoutHooks())).isFalse();
        assertThat(manifest.sameAs(HelmManifest.parse(reordered.replace("name: greeting", "name: other"))))
                .isFalse();
    }

    @Test
    void withImagesReplacesTheLiteralImageAndWritesDocumentsThatReadBack() {
        HelmManifest manifest = HelmManifest.parse(TEMPLATED);

        HelmManifest replaced =
                manifest.withImages(Map.of(ARTIFACT, TESTED), null).orElseThrow();

        assertThat(replaced.documents()
                        .get(1)
                        .at("/spec/template/spec/containers/0/image")
                        .asText())
                .isEqualTo(TESTED);
        assertThat(replaced.yamlDocuments()).hasSize(3).noneMatch(doc -> doc.startsWith("---"));
        assertThat(HelmManifest.parse(String.join("---\n", replaced.yamlDocuments()))
                        .sameAs(replaced))
                .isTrue();
        assertThat(manifest.withImages(Map.of("127.0.0.1:5000/other", TESTED), null))
                .as("nothing to replace: the chart's own output is installed")
                .isEmpty();
    }

    @Test
    void aDocumentThatIsNotYamlIsNamed() {
        assertThatThrownBy(() -> HelmManifest.parse("a: 1\n---\nb: [unclosed\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("document 2");
    }
}
