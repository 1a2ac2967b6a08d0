package io.kaskade.service.confine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathGuardTest {

    @TempDir
    Path dir;

    Path repo;
    Path outside;
    PathGuard guard;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(dir.resolve("repo"));
        outside = Files.createDirectories(dir.resolve("host-secrets"));
        Files.writeString(outside.resolve("config"), "token");
        Files.createDirectories(repo.resolve("app/sub"));
        Files.writeString(repo.resolve("app/Dockerfile"), "FROM scratch\n");
        guard = PathGuard.of(repo);
    }

    @Test
    void pathsInsideAreResolved() throws Exception {
        assertThat(guard.resolve("context", "app")).isEqualTo(repo.resolve("app"));
        assertThat(guard.resolve("context", "./app/../app/sub")).isEqualTo(repo.resolve("app/sub"));
        assertThat(guard.resolve("dockerfile", "app/missing")).isEqualTo(repo.resolve("app/missing"));
        assertThat(guard.resolveTree("context", ".")).isEqualTo(repo);
    }

    @Test
    void lexicalEscapesAreRefused() {
        assertThatThrownBy(() -> guard.resolve("context", "../host-secrets"))
                .isInstanceOf(ConfinementException.class)
                .hasMessageContaining("'../host-secrets' is outside the repository");
        assertThatThrownBy(() -> guard.resolve("context", outside.toString()))
                .isInstanceOf(ConfinementException.class)
                .hasMessageContaining("outside the repository");
    }

    @Test
    void aNamedLinkOutsideIsRefusedAndNamed() throws IOException {
        Files.createSymbolicLink(repo.resolve("app/k"), outside);
        assertThatThrownBy(() -> guard.resolve("setFiles.token", "app/k/config"))
                .isInstanceOfSatisfying(ConfinementException.class, e -> {
                    assertThat(e.offender()).isEqualTo("app/k");
                    assertThat(e.getMessage()).contains("'app/k' is a symbolic link to " + outside);
                });
    }

    @Test
    void aLinkDeepInATreeIsRefusedByTheWalk() throws Exception {
        Files.createSymbolicLink(repo.resolve("app/sub/k"), outside);
        assertThat(guard.resolve("context", "app")).isEqualTo(repo.resolve("app"));
        assertThatThrownBy(() -> guard.resolveTree("context", "app"))
                .isInstanceOfSatisfying(
                        ConfinementException.class,
                        e -> assertThat(e.offender()).isEqualTo("app/sub/k"));
    }

    @Test
    void danglingAndChainedLinksOutsideAreRefused() throws IOException {
        Files.createSymbolicLink(repo.resolve("app/dangling"), Path.of("/nonexistent-kaskade/.kube/config"));
        Files.createSymbolicLink(repo.resolve("hop"), Path.of("app/sub/../.."));
        Files.createSymbolicLink(repo.resolve("app/sub/up"), Path.of("../../../host-secrets/config"));
        assertThatThrownBy(() -> guard.resolve("valuesFiles", "app/dangling"))
                .isInstanceOfSatisfying(
                        ConfinementException.class,
                        e -> assertThat(e.offender()).isEqualTo("app/dangling"));
        assertThatThrownBy(() -> guard.resolve("valuesFiles", "hop/../host-secrets/config"))
                .isInstanceOf(ConfinementException.class);
        assertThatThrownBy(() -> guard.resolveTree("chartPath", "app/sub"))
                .isInstanceOfSatisfying(
                        ConfinementException.class,
                        e -> assertThat(e.offender()).isEqualTo("app/sub/up"));
    }

    @Test
    void linksThatStayInsideAreKept() throws Exception {
        Files.createSymbolicLink(repo.resolve("app/sub/df"), Path.of("../Dockerfile"));
        Files.createSymbolicLink(repo.resolve("alias"), Path.of("app"));
        assertThat(guard.resolveTree("context", "alias")).isEqualTo(repo.resolve("alias"));
        assertThat(guard.resolve("dockerfile", "app/sub/df")).isEqualTo(repo.resolve("app/sub/df"));
        assertThat(guard.checkTree("context", repo)).isEqualTo(repo);
    }

    @Test
    void aLinkLoopIsRefusedNotFollowedForever() throws IOException {
        Files.createSymbolicLink(repo.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(repo.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> guard.resolve("rawYaml", "a")).isInstanceOf(ConfinementException.class);
    }
}
