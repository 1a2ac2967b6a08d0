package io.kaskade.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.EffectiveConfig;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.TagPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {

    @TempDir
    Path dir;

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private EffectiveConfig resolve(String path, ResolveOptions options) {
        return new ConfigResolver(k -> null, GitRequires.defaultCache()::source)
                .resolve(ConfigSource.directory(dir), path, options);
    }

    @Test
    void everyPolicyOfATagPolicyListGetsTheDefaults() throws IOException {
        write("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  tagPolicy:
                  - gitCommit: {}
                  - {}
                  - sha256: {}
                  artifacts:
                  - image: app
                """);
        List<TagPolicy> policies = resolve("skaffold.yaml", ResolveOptions.defaults())
                .config()
                .build()
                .tagPolicies();
        assertThat(policies).hasSize(3);
        assertThat(policies.get(0).gitCommit().variant()).isEqualTo("Tags");
        assertThat(policies.get(1).gitCommit().variant()).isEqualTo("Tags");
        assertThat(policies.get(2).sha256()).isNotNull();
    }

    @Test
    void appliesSkaffoldDefaults() throws IOException {
        write("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                  - image: app
                """);
        EffectiveConfig e = resolve("skaffold.yaml", ResolveOptions.defaults());
        SkaffoldConfig c = e.config();
        assertThat(c.build().tagPolicy().gitCommit().variant()).isEqualTo("Tags");
        assertThat(c.build().local().concurrency()).isEqualTo(1);
        Artifact a = c.artifacts().get(0);
        assertThat(a.context()).isEqualTo(".");
        assertThat(((DockerArtifact) a.builder()).dockerfile()).isEqualTo("Dockerfile");
        assertThat(c.manifests().rawYaml()).containsExactly("k8s/*.yaml");
        assertThat(c.deploy().kubectl()).isNotNull();
        assertThat(c.deploy().logs().prefix()).isEqualTo("container");
        assertThat(e.originalApiVersion()).isEqualTo("skaffold/v4beta14");
        assertThat(c.profiles()).isEmpty();
    }

    @Test
    void mergesRequiredConfigsWithPathsConfigsAndActiveProfiles() throws IOException {
        write("skaffold.yaml", """
                apiVersion: skaffold/v2beta29
                kind: Config
                requires:
                - path: ./backend
                  configs: [api]
                  activeProfiles:
                  - name: fast
                    activatedBy: [ci]
                build:
                  artifacts:
                  - image: web
                deploy:
                  kubectl:
                    manifests: [k8s/web.yaml]
                profiles:
                - name: ci
                """);
        write("backend/skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                metadata:
                  name: api
                build:
                  artifacts:
                  - image: api
                    context: src
                manifests:
                  rawYaml: [k8s/*.yaml]
                profiles:
                - name: fast
                  build:
                    artifacts:
                    - image: api-fast
                ---
                apiVersion: skaffold/v4beta14
                kind: Config
                metadata:
                  name: unused
                build:
                  artifacts:
                  - image: unused
                """);
        EffectiveConfig plain = resolve("skaffold.yaml", ResolveOptions.defaults());
        assertThat(plain.config().artifacts()).extracting(Artifact::image).containsExactly("api", "web");
        assertThat(plain.config().artifacts().get(0).context()).isEqualTo("backend/src");
        assertThat(plain.config().manifests().rawYaml()).containsExactly("backend/k8s/*.yaml", "k8s/web.yaml");
        assertThat(plain.configs()).hasSize(2);
        assertThat(plain.originalApiVersion()).isEqualTo("skaffold/v2beta29");

        EffectiveConfig ci = resolve("skaffold.yaml", ResolveOptions.defaults().withProfiles(List.of("ci")));
        assertThat(ci.config().artifacts()).extracting(Artifact::image).containsExactly("api-fast", "web");
        assertThat(ci.activeProfiles()).containsExactly("fast", "ci");
    }

    @Test
    void missingRequiredFileAndCyclesAreErrors() throws IOException {
        write("skaffold.yaml", "apiVersion: skaffold/v4beta14\nkind: Config\nrequires:\n- path: nowhere\n");
        assertThatThrownBy(() -> resolve("skaffold.yaml", ResolveOptions.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("nowhere/skaffold.yaml");
        write("a/skaffold.yaml", "apiVersion: skaffold/v4beta14\nkind: Config\nrequires:\n- path: ../b\n");
        write("b/skaffold.yaml", "apiVersion: skaffold/v4beta14\nkind: Config\nrequires:\n- path: ../a\n");
        assertThatThrownBy(() -> resolve("a/skaffold.yaml", ResolveOptions.defaults()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cycle in requires");
    }

    @Test
    void variablesOfTheRunWinOverTheEnvironmentForActivation() throws IOException {
        write("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                profiles:
                - name: prod
                  activation:
                  - env: STAGE=prod
                  deploy:
                    statusCheckDeadlineSeconds: 77
                """);
        ConfigResolver resolver = new ConfigResolver(k -> "STAGE".equals(k) ? "dev" : null, g -> null);
        ConfigSource files = ConfigSource.directory(dir);
        assertThat(resolver.resolve(files, "skaffold.yaml", ResolveOptions.defaults())
                        .activeProfiles())
                .isEmpty();
        EffectiveConfig e = resolver.resolve(
                files, "skaffold.yaml", new ResolveOptions(List.of(), Map.of("STAGE", "production"), null, null));
        assertThat(e.activeProfiles()).containsExactly("prod");
        assertThat(e.config().deploy().statusCheckDeadlineSeconds()).isEqualTo(77);
    }

    @Test
    void gitRequiresAreFetchedWithJgit() throws Exception {
        Path remote = dir.resolve("remote");
        Files.createDirectories(remote);
        try (Git git = Git.init()
                .setDirectory(remote.toFile())
                .setInitialBranch("main")
                .call()) {
            Files.writeString(
                    remote.resolve("skaffold.yaml"),
                    "apiVersion: skaffold/v4beta14\nkind: Config\nbuild:\n  artifacts:\n  - image: from-git\n");
            git.add().addFilepattern("skaffold.yaml").call();
            git.commit()
                    .setMessage("config")
                    .setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com")
                    .setSign(false)
                    .call();
        }
        write(
                "app/skaffold.yaml",
                "apiVersion: skaffold/v4beta14\nkind: Config\nrequires:\n- git:\n    repo: " + remote.toUri()
                        + "\n    ref: main\nbuild:\n  artifacts:\n  - image: local\n");
        GitRequires cache = new GitRequires(dir.resolve("cache"));
        EffectiveConfig e = new ConfigResolver(k -> null, cache::source)
                .resolve(ConfigSource.directory(dir), "app/skaffold.yaml", ResolveOptions.defaults());
        assertThat(e.config().artifacts()).extracting(Artifact::image).containsExactly("from-git", "local");
    }
}
