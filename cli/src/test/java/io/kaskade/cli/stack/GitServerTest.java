package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local repository served to pods: readable over git://, never writable, nothing else exposed. */
class GitServerTest {

    @TempDir
    Path temp;

    private Process daemon;

    @AfterEach
    void stopDaemon() {
        if (daemon != null) {
            daemon.destroy();
        }
    }

    @Test
    void servesAMirrorOfTheCommittedRepositoryReadOnlyAndRefreshesItOnEveryPublish() throws Exception {
        Path repo = temp.resolve("my app");
        Files.createDirectories(repo);
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README"), "one\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "one");
        Path secret = temp.resolve("other");
        Files.createDirectories(secret);
        git(secret, "init", "-q", "-b", "main");

        int port = freePort();
        StateDir state = new StateDir(temp.resolve("home"));
        GitServer server = new GitServer(state, port);
        String url = server.publish(repo);
        assertThat(url).startsWith("git://127.0.0.1:" + port + "/my_app-").endsWith(".git");
        assertThat(GitServer.isLocalPath(repo.toString())).isTrue();
        assertThat(GitServer.isLocalPath("https://example.invalid/x.git")).isFalse();
        assertThat(GitServer.isLocalPath("git@example.invalid:x.git")).isFalse();

        daemon = Processes.startDetached(server.command(), state.home(), Map.of(), state.logFile("git-daemon-test"));
        await("git daemon on port " + port)
                .atMost(Duration.ofSeconds(60))
                .until(() -> Probes.portOpen("127.0.0.1", port));

        String head = git(repo, "rev-parse", "HEAD").strip();
        assertThat(lsRemote(url).output()).contains(head + "\trefs/heads/main");

        // A new commit is served after the next publish.
        Files.writeString(repo.resolve("README"), "two\n");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-am", "two");
        String second = git(repo, "rev-parse", "HEAD").strip();
        assertThat(server.publish(repo)).isEqualTo(url);
        assertThat(lsRemote(url).output()).contains(second + "\trefs/heads/main");

        // Read-only: a push is refused, and the mirror keeps the served commit.
        Processes.Result push =
                Processes.run(List.of("git", "-C", repo.toString(), "push", url, "HEAD:refs/heads/evil"), null, 120);
        assertThat(push.ok()).as(push.output()).isFalse();
        assertThat(lsRemote(url).output()).doesNotContain("refs/heads/evil");

        // Only published mirrors are served: not the user's folders, not paths outside the mirror folder.
        assertThat(lsRemote("git://127.0.0.1:" + port + secret).ok()).isFalse();
        assertThat(lsRemote("git://127.0.0.1:" + port + "/../../other").ok()).isFalse();
    }

    private static Processes.Result lsRemote(String url) {
        return Processes.run(List.of("git", "ls-remote", url), null, 120);
    }

    private static String git(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(command, null, 120);
        assertThat(result.ok())
                .as(String.join(" ", command) + "\n" + result.output())
                .isTrue();
        return result.output();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
