package io.kaskade.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.SkaffoldConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final String HEAD = "apiVersion: skaffold/v4beta14\nkind: Config\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field        | build:\\n  artifacts:\\n  - image: a\\n    dockr: {}\\n | f.yaml:6:5: field 'build.artifacts[0].dockr' is not allowed here; allowed fields: bazel, buildpacks, context, custom, docker, hooks, image, jib, kaniko, ko, platforms, requires, runtimeType, sync
            wrong type           | deploy:\\n  statusCheck: maybe\\n                      | f.yaml:4:16: field 'deploy.statusCheck' must be true or false, not the string 'maybe'
            list expected        | build:\\n  artifacts: a\\n                            | f.yaml:4:14: field 'build.artifacts' must be a list, not the string 'a'
            integer expected     | deploy:\\n  statusCheckDeadlineSeconds: 1.5\\n          | f.yaml:4:31: field 'deploy.statusCheckDeadlineSeconds' must be an integer, not '1.5'
            two builders         | build:\\n  artifacts:\\n  - image: a\\n    docker: {}\\n    jib: {}\\n | f.yaml:7:5: field 'build.artifacts[0]' sets docker and jib, but only one of docker, bazel, ko, jib, kaniko, buildpacks, custom may be set
            two taggers          | build:\\n  tagPolicy:\\n    sha256: {}\\n    gitCommit: {}\\n | field 'build.tagPolicy' sets gitCommit and sha256, but only one of
            bad policy in a list | build:\\n  tagPolicy:\\n  - sha256: {}\\n  - gitCommit: {}\\n    sha256: {}\\n | f.yaml:7:5: field 'build.tagPolicy[1]' sets gitCommit and sha256, but only one of
            unknown tagger in list | build:\\n  tagPolicy:\\n  - sha256: {}\\n  - gitComit: {}\\n | f.yaml:6:5: field 'build.tagPolicy[1].gitComit' is not allowed here; allowed fields: customTemplate, dateTime
            policy list of strings | build:\\n  tagPolicy:\\n  - sha256\\n             | f.yaml:5:5: field 'build.tagPolicy[0]' must be a mapping, not the string 'sha256'
            required missing     | build:\\n  artifacts:\\n  - context: x\\n            | f.yaml:5:5: field 'build.artifacts[0]' is missing required field 'image'
            required profile name| profiles:\\n- build: {}\\n                           | field 'profiles[0]' is missing required field 'name'
            deploy.kustomize     | deploy:\\n  kustomize: {}\\n                           | f.yaml:4:3: field 'deploy.kustomize' is not allowed here; allowed fields: cloudrun, docker, helm, kpt, kubeContext, kubectl, logs, statusCheck, statusCheckDeadlineSeconds, tolerateFailuresUntilDeadline
            duplicate key        | build: {}\\nbuild: {}\\n                           | f.yaml
            """)
    void rejectsLikeSkaffold(String name, String body, String message) {
        String yaml = HEAD + body.replace("\\n", "\n");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "f.yaml"))
                .as(name)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message.trim());
    }

    @Test
    void readsSeveralDocumentsAndIgnoresDotKeys() {
        String yaml = """
                apiVersion: skaffold/v4beta14
                kind: Config
                .common: &common
                  dockerfile: Dockerfile.dev
                metadata:
                  name: one
                build:
                  artifacts:
                  - image: a
                    docker: *common
                ---
                apiVersion: skaffold/v4beta14
                kind: Config
                metadata:
                  name: two
                """;
        var configs = ConfigLoader.parse(yaml, "f.yaml");
        assertThat(configs).extracting(SkaffoldConfig::name).containsExactly("one", "two");
        assertThat(configs.get(0).artifacts().get(0).builder())
                .isEqualTo(new DockerArtifact("Dockerfile.dev", null, null));
    }

    @Test
    void tagPolicyIsOnePolicyOrAList() {
        SkaffoldConfig single = ConfigLoader.parse(HEAD + "build:\n  tagPolicy:\n    sha256: {}\n", "f.yaml")
                .get(0);
        assertThat(single.build().tagPolicies()).hasSize(1);
        assertThat(single.build().tagPolicy().sha256()).isNotNull();
        assertThat(ConfigLoader.toYaml(single))
                .contains("tagPolicy:\n    sha256: {}")
                .doesNotContain("- sha256");

        SkaffoldConfig list = ConfigLoader.parse(
                        HEAD + "build:\n  tagPolicy:\n  - gitCommit: {variant: AbbrevCommitSha}\n"
                                + "  - envTemplate: {template: '{{.RELEASE}}'}\n",
                        "f.yaml")
                .get(0);
        assertThat(list.build().tagPolicies()).hasSize(2);
        assertThat(list.build().tagPolicy().gitCommit().variant()).isEqualTo("AbbrevCommitSha");
        assertThat(list.build().tagPolicies().get(1).envTemplate().template()).isEqualTo("{{.RELEASE}}");
        assertThat(ConfigLoader.parse(ConfigLoader.toYaml(list), "again.yaml").get(0))
                .isEqualTo(list);
    }

    @Test
    void keepsStringsThatLookLikeNumbersAsWritten() {
        String yaml =
                HEAD + "deploy:\n  helm:\n    releases:\n    - name: r\n      version: 1.10\n      remoteChart: x\n";
        var release = ConfigLoader.parse(yaml, "f.yaml")
                .get(0)
                .deploy()
                .helm()
                .releases()
                .get(0);
        assertThat(release.version()).isEqualTo("1.10");
    }

    @ParameterizedTest
    @CsvSource({
        "skaffold/v5, is newer than the newest version",
        "skaffold/v4beta15, is newer than the newest version",
        "skaffold/v0alpha2, is too old or unknown",
        "foo/v1, is not a Skaffold schema version"
    })
    void rejectsUnsupportedVersions(String version, String message) {
        assertThatThrownBy(() -> ConfigLoader.parse("apiVersion: " + version + "\nkind: Config\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("f.yaml: apiVersion '" + version + "' " + message);
    }

    @Test
    void requiresApiVersion() {
        assertThatThrownBy(() -> ConfigLoader.parse("kind: Config\n", "f.yaml"))
                .hasMessageContaining("f.yaml:1:1: missing apiVersion");
    }

    @Test
    void hostileAliasesAreRejectedNotFollowed() {
        assertThatThrownBy(() -> ConfigLoader.parse(HEAD + ".loop: &a [*a]\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("an alias refers to a node that contains it");
        StringBuilder bomb = new StringBuilder(HEAD + ".l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append(".l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 5; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            bomb.append("]\n");
        }
        assertThatThrownBy(() -> ConfigLoader.parse(bomb.toString(), "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("too large");
    }
}
