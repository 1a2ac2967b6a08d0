package io.kaskade.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.model.config.Activation;
import io.kaskade.model.config.EffectiveConfig;
import io.kaskade.model.config.HelmRelease;
import io.kaskade.model.config.Profile;
import io.kaskade.model.config.SkaffoldConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfilesTest {

    private static final Map<String, String> ENV = Map.of("STAGE", "production-eu", "EMPTY", "");

    private static Profiles.Context context(String kubeContext, String command) {
        return new Profiles.Context(ENV::get, kubeContext, command);
    }

    private static Activation activation(String spec) {
        String[] p = (spec + ";;;").split(";", -1);
        return new Activation(blank(p[0]), blank(p[1]), blank(p[2]));
    }

    private static String blank(String s) {
        return s.isBlank() ? null : s.trim();
    }

    /** activations are "env;kubeContext;command" separated by " | ". */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '@', textBlock = """
            exact env                          @ STAGE=production-eu;;                 @ false @ minikube @ run @ true
            regex found in value               @ STAGE=prod;;                          @ false @ minikube @ run @ true
            regex anchored mismatch            @ STAGE=^eu;;                           @ false @ minikube @ run @ false
            negated env                        @ STAGE=!dev;;                          @ false @ minikube @ run @ true
            negated env that matches           @ STAGE=!prod;;                         @ false @ minikube @ run @ false
            empty value means unset            @ MISSING=;;                            @ false @ minikube @ run @ true
            empty value means empty            @ EMPTY=;;                              @ false @ minikube @ run @ true
            empty value but set                @ STAGE=;;                              @ false @ minikube @ run @ false
            kube context regex                 @ ;mini.*;                              @ false @ minikube @ run @ true
            kube context mismatch              @ ;gke_.*;                              @ false @ minikube @ run @ false
            negated kube context               @ ;!minikube;                           @ false @ kind    @ run @ true
            command                            @ ;;run                                 @ false @ minikube @ run @ true
            command regex                      @ ;;d.v                                 @ false @ minikube @ dev @ true
            command mismatch                   @ ;;dev                                 @ false @ minikube @ run @ false
            AND within one activation          @ STAGE=prod;minikube;dev               @ false @ minikube @ run @ false
            OR across activations              @ STAGE=dev;; | ;minikube;              @ false @ minikube @ run @ true
            requiresAllActivations all match   @ STAGE=prod;; | ;minikube;             @ true  @ minikube @ run @ true
            requiresAllActivations one fails   @ STAGE=prod;; | ;kind;                 @ true  @ minikube @ run @ false
            """)
    void activation(String name, String activations, boolean all, String kube, String command, boolean expected) {
        List<Activation> list = Arrays.stream(activations.split("\\|"))
                .map(String::trim)
                .map(ProfilesTest::activation)
                .toList();
        Profile profile = new Profile("p", list, all, null, null, null, null, null, null, null, null, null);
        assertThat(Profiles.isActivated(profile, context(kube, command)))
                .as(name)
                .isEqualTo(expected);
    }

    @Test
    void envWithoutEqualsIsAnError() {
        Profile profile = new Profile(
                "p",
                List.of(new Activation("STAGE", null, null)),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThatThrownBy(() -> Profiles.isActivated(profile, context("", "run")))
                .hasMessageContaining("profile 'p': invalid env activation 'STAGE', should be KEY=VALUE");
    }

    private static final String CONFIG = """
            apiVersion: skaffold/v4beta14
            kind: Config
            build:
              tagPolicy:
                sha256: {}
              local:
                push: false
              artifacts:
              - image: app
                docker:
                  dockerfile: Dockerfile
              - image: worker
            deploy:
              statusCheck: true
              kubectl: {}
            profiles:
            - name: auto
              activation:
              - env: STAGE=prod
              build:
                googleCloudBuild:
                  projectId: p
            - name: patch
              patches:
              - op: %s
                path: %s
                %s
            - name: helm
              deploy:
                statusCheck: false
                helm:
                  releases:
                  - name: r
                    chartPath: chart
            """;

    private static EffectiveConfig resolve(String op, String path, String extra, List<String> profiles) {
        String yaml = String.format(CONFIG, op, path, extra);
        ConfigSource source = p -> yaml.getBytes(StandardCharsets.UTF_8);
        return new ConfigResolver(ENV::get, g -> {
                    throw new AssertionError("no git");
                })
                .resolve(source, "skaffold.yaml", new ResolveOptions(profiles, Map.of(), "minikube", "run"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '@', textBlock = """
            add     @ /build/artifacts/1/docker                    @ 'value: {dockerfile: Other}'   @ build.artifacts[1].docker.dockerfile=Other
            add     @ /build/artifacts/-                           @ 'value: {image: extra}'        @ build.artifacts[2].image=extra
            add     @ /build/artifacts/0                           @ 'value: {image: first}'        @ build.artifacts[0].image=first
            replace @ /build/artifacts/0/image                     @ 'value: renamed'               @ build.artifacts[0].image=renamed
            ''      @ /build/artifacts/0/image                     @ 'value: defaulted'             @ build.artifacts[0].image=defaulted
            remove  @ /build/artifacts/0                           @ ''                             @ build.artifacts[0].image=worker
            move    @ /build/artifacts/0                           @ 'from: /build/artifacts/1'       @ build.artifacts[0].image=worker
            copy    @ /build/artifacts/1/docker                    @ 'from: /build/artifacts/0/docker' @ build.artifacts[1].docker.dockerfile=Dockerfile
            test    @ /build/artifacts/0/image                     @ 'value: app'                   @ build.artifacts[0].image=app
            """)
    void patches(String op, String path, String extra, String expectation) {
        EffectiveConfig effective = resolve(op.isEmpty() ? "replace" : op, path, extra, List.of("patch"));
        String[] kv = expectation.split("=");
        assertThat(pathValue(effective.config(), kv[0])).isEqualTo(kv[1]);
        assertThat(effective.activeProfiles()).containsExactly("auto", "patch");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '@', textBlock = """
            replace @ /build/artifacts/5/image   @ 'value: x'                      @ patch 0 (replace /build/artifacts/5/image): Array index 5 is out of bounds
            remove  @ /deploy/helm               @ ''                              @ patch 0 (remove /deploy/helm): Missing field helm
            add     @ /nothing/here              @ 'value: 1'                      @ Missing field "nothing"
            move    @ /build/artifacts/0/image   @ 'from: /build/nope'             @ Missing field "nope"
            move    @ /build/artifacts/0/x       @ 'from: /build/artifacts/0'      @ cannot move '/build/artifacts/0' into its own child
            replace @ /build/artifacts/0/nope    @ 'value: 1'                      @ Missing field "nope"
            test    @ /build/artifacts/0/image   @ 'value: other'                  @ Expected value "other" but found value "app"
            bogus   @ /build                     @ 'value: 1'                      @ unknown / unsupported operation bogus
            """)
    void patchErrorsNameProfileAndIndex(String op, String path, String extra, String message) {
        assertThatThrownBy(() -> resolve(op, path, extra, List.of("patch")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("profile 'patch', patch 0")
                .hasMessageContaining(message.trim());
    }

    @Test
    void overlayReplacesBuilderTypeAndDeployerWholesaleAndKeepsTheRest() {
        EffectiveConfig effective = resolve("add", "/build/artifacts/-", "value: {image: x}", List.of("helm"));
        SkaffoldConfig c = effective.config();
        // auto profile: googleCloudBuild replaces local (one-of group), tagPolicy untouched
        assertThat(c.build().local()).isNull();
        assertThat(c.build().googleCloudBuild().projectId()).isEqualTo("p");
        assertThat(c.build().tagPolicy().sha256()).isNotNull();
        // helm profile: deploy merged field by field; statusCheck false overrides (pointer in Skaffold)
        assertThat(c.deploy().helm().releases()).extracting(HelmRelease::name).containsExactly("r");
        assertThat(c.deploy().kubectl()).isNotNull();
        assertThat(c.deploy().statusCheck()).isFalse();
        assertThat(effective.activeProfiles()).containsExactly("auto", "helm");
    }

    @Test
    void explicitSelectionAddsAndRemoves() {
        EffectiveConfig effective = resolve("add", "/build/artifacts/-", "value: {image: x}", List.of("-auto", "helm"));
        assertThat(effective.activeProfiles()).containsExactly("helm");
        assertThat(effective.config().build().local()).isNotNull();
        assertThatThrownBy(() -> resolve("add", "/build/artifacts/-", "value: {image: x}", List.of("nope")))
                .hasMessageContaining("profile 'nope' not found in any config");
    }

    static String pathValue(SkaffoldConfig config, String path) {
        com.fasterxml.jackson.databind.JsonNode node = ConfigLoader.toTree(config);
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket >= 0) {
                node = node.path(part.substring(0, bracket))
                        .path(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            } else {
                node = node.path(part);
            }
        }
        return node.asText();
    }
}
