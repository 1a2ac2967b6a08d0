package io.kaskade.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.BuildpackArtifact;
import io.kaskade.model.config.HelmRelease;
import io.kaskade.model.config.JibArtifact;
import io.kaskade.model.config.RemoteManifest;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.SyncRule;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaUpgradeTest {

    static Stream<String> oldConfigs() {
        Path root = Corpus.skaffold();
        List<String> old = Corpus.skaffoldConfigs(root.resolve("integration/testdata")).stream()
                .filter(p -> !Corpus.read(p).contains("apiVersion: skaffold/" + "v4beta14"))
                .map(p -> root.relativize(p).toString().replace('\\', '/'))
                .filter(p -> !p.equals("integration/testdata/skaffold-in-cluster/skaffold.yaml"))
                .toList();
        assertThat(old).as("old-version configs in the corpus").hasSizeGreaterThanOrEqualTo(25);
        return old.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oldConfigs")
    void upgradesToAValidCurrentConfig(String file) {
        List<ConfigLoader.ParsedConfig> docs =
                ConfigLoader.load(Corpus.read(Corpus.skaffold().resolve(file)), file);
        for (ConfigLoader.ParsedConfig doc : docs) {
            assertThat(doc.originalApiVersion()).isNotEqualTo(SkaffoldConfig.CURRENT_API_VERSION);
            assertThat(doc.config().apiVersion()).isEqualTo(SkaffoldConfig.CURRENT_API_VERSION);
            // what `fix` prints is a valid current config with the same content
            String fixed = ConfigLoader.toYaml(doc.config());
            assertThat(fixed).startsWith("apiVersion: skaffold/v4beta14");
            assertThat(ConfigLoader.parse(fixed, file + " (fixed)")).containsExactly(doc.config());
        }
    }

    @Test
    void v2beta29MovesManifestsAndTurnsArtifactOverridesIntoSetValueTemplates() {
        String yaml = """
                apiVersion: skaffold/v2beta29
                kind: Config
                build:
                  artifacts:
                  - image: gcr.io/k8s-skaffold/app
                deploy:
                  kubeContext: kind-ctx
                  kubectl:
                    manifests: [k8s/*.yaml]
                    remoteManifests: [other/deployment]
                  kustomize:
                    paths: [overlays/dev]
                    buildArgs: [--load-restrictor=LoadRestrictionsNone]
                  helm:
                    releases:
                    - name: app
                      chartPath: charts/app
                      artifactOverrides:
                        image: gcr.io/k8s-skaffold/app
                    - name: conv
                      chartPath: charts/conv
                      artifactOverrides:
                        image: gcr.io/k8s-skaffold/app
                      imageStrategy:
                        helm:
                          explicitRegistry: true
                profiles:
                - name: p
                  patches:
                  - path: /deploy/kubectl/manifests/0
                    value: other/*.yaml
                """;
        SkaffoldConfig c = ConfigLoader.parse(yaml, "old.yaml").get(0);
        assertThat(c.manifests().rawYaml()).containsExactly("k8s/*.yaml");
        assertThat(c.manifests().kustomize().paths()).containsExactly("overlays/dev");
        assertThat(c.manifests().kustomize().buildArgs()).containsExactly("--load-restrictor=LoadRestrictionsNone");
        assertThat(c.manifests().remoteManifests()).containsExactly(new RemoteManifest("other/deployment", "kind-ctx"));
        assertThat(c.deploy().kubectl()).isNotNull();
        HelmRelease app = c.manifests().helm().releases().get(0);
        assertThat(app.setValueTemplates().get("image").asText())
                .isEqualTo("{{.IMAGE_FULLY_QUALIFIED_gcr_io_k8s_skaffold_app}}");
        HelmRelease conv = c.manifests().helm().releases().get(1);
        assertThat(conv.setValueTemplates().get("image.registry").asText())
                .isEqualTo("{{.IMAGE_DOMAIN_gcr_io_k8s_skaffold_app}}");
        assertThat(conv.setValueTemplates().get("image.repository").asText())
                .isEqualTo("{{.IMAGE_REPO_NO_DOMAIN_gcr_io_k8s_skaffold_app}}");
        assertThat(conv.setValueTemplates().get("image.tag").asText())
                .isEqualTo("{{.IMAGE_TAG_gcr_io_k8s_skaffold_app}}@{{.IMAGE_DIGEST_gcr_io_k8s_skaffold_app}}");
        assertThat(c.deploy().helm().releases()).extracting(HelmRelease::name).containsExactly("app", "conv");
        assertThat(c.profiles().get(0).patches().get(0).path()).isEqualTo("/manifests/rawYaml/0");
    }

    @Test
    void v1alpha1IsRebuiltTheWaySkaffoldDoes() {
        Path file = Corpus.skaffold().resolve("integration/testdata/fix/skaffold.yaml");
        SkaffoldConfig c = ConfigLoader.parse(Corpus.read(file), "fix.yaml").get(0);
        assertThat(c.artifacts())
                .extracting(Artifact::image, Artifact::context)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "us-central1-docker.pkg.dev/k8s-skaffold/testing/skaffold-example", "."));
        assertThat(c.build().tagPolicy().sha256()).isNotNull();
        assertThat(c.build().local()).isNotNull();
        assertThat(c.manifests().rawYaml()).containsExactly("k8s-*");
        assertThat(c.deploy().kubectl()).isNotNull();
    }

    @Test
    void oldFieldRenamesAreCarriedAlongTheChain() {
        String yaml = """
                apiVersion: skaffold/v1beta13
                kind: Config
                build:
                  artifacts:
                  - image: maven-app
                    jibMaven:
                      module: svc
                      profile: prod
                  - image: pack
                    buildpack:
                      builder: b
                deploy:
                  kustomize:
                    path: overlays/prod
                ---
                apiVersion: skaffold/v1beta9
                kind: Config
                build:
                  artifacts:
                  - image: node
                    sync:
                      '*.js': app/
                      'src/***/*.css': /srv/src/
                """;
        List<SkaffoldConfig> both = ConfigLoader.parse(yaml, "old.yaml");
        SkaffoldConfig c = both.get(0);
        assertThat(both.get(1).artifacts().get(0).sync().manual())
                .containsExactly(new SyncRule("*.js", "app/", null), new SyncRule("src/**/*.css", "/srv/", null));
        JibArtifact jib = (JibArtifact) c.artifacts().get(0).builder();
        assertThat(jib.project()).isEqualTo("svc");
        assertThat(jib.type()).isEqualTo("maven");
        assertThat(jib.args()).containsExactly("--activate-profiles", "prod");
        assertThat(c.artifacts().get(1).builder()).isInstanceOf(BuildpackArtifact.class);
        assertThat(c.manifests().kustomize().paths()).containsExactly("overlays/prod");
        assertThat(c.deploy().kubectl()).isNotNull();
    }
}
