package io.kaskade.service.confine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FlagAllowlistTest {

    static List<List<String>> allowedDocker() {
        return List.of(
                List.of(),
                List.of("--no-cache"),
                List.of("--label", "team=a", "--label=x=y"),
                List.of("--platform=linux/amd64", "-q", "--memory", "256m"));
    }

    static List<List<String>> refusedDocker() {
        return List.of(
                List.of("--secret", "src=/etc/hostname"),
                List.of("--secret=id=x,src=/etc/hostname"),
                List.of("--ssh", "default"),
                List.of("-o", "type=local,dest=/tmp/x"),
                List.of("--network=bridge"),
                List.of("--cache-from", "type=local,src=/root"),
                List.of("/etc"),
                List.of("--no-cache=true"),
                List.of("--label"));
    }

    static List<List<String>> refusedKustomize() {
        return List.of(
                List.of("--enable-helm"),
                List.of("--enable-helm", "--helm-command", "/bin/sh"),
                List.of("--load-restrictor", "LoadRestrictionsNone"),
                List.of("--enable-exec"),
                List.of("--enable-alpha-plugins"),
                List.of("--mount", "type=bind,src=/,dst=/x"));
    }

    @ParameterizedTest
    @MethodSource("allowedDocker")
    void dockerFlagsOnTheListPass(List<String> flags) {
        assertThatCode(() -> ToolFlags.DOCKER_BUILD.check(flags)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("refusedDocker")
    void dockerFlagsOffTheListAreRefusedByName(List<String> flags) {
        assertThatThrownBy(() -> ToolFlags.DOCKER_BUILD.check(flags))
                .isInstanceOf(ConfinementException.class)
                .hasMessageStartingWith("docker build cliFlags: ")
                .hasMessageContaining(flags.get(0).split("=")[0]);
    }

    @ParameterizedTest
    @MethodSource("refusedKustomize")
    void kustomizeFlagsThatRunCodeOrReadTheHostAreRefused(List<String> flags) {
        assertThatThrownBy(() -> ToolFlags.KUSTOMIZE_BUILD.check(flags))
                .isInstanceOf(ConfinementException.class)
                .hasMessageContaining(flags.get(0));
    }

    @ParameterizedTest
    @MethodSource("allowedKustomize")
    void harmlessKustomizeFlagsPass(List<String> flags) {
        assertThatCode(() -> ToolFlags.KUSTOMIZE_BUILD.check(flags)).doesNotThrowAnyException();
    }

    static List<List<String>> allowedKustomize() {
        return List.of(List.of("--load-restrictor", "LoadRestrictionsRootOnly"), List.of("--reorder=none"));
    }
}
