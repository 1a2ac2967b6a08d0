package io.kaskade.cli.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.cli.KaskadeCommand;
import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.testing.GitRepos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kaskade hook install|uninstall} with the real git CLI firing the hook. The launcher the hook
 * calls is a stand-in script that records its arguments, so the test sees exactly what the hook asks
 * Kaskade to run.
 */
class GitHookTest {

    private Path checkout;
    private Path calls;
    private Path home;

    @BeforeEach
    void fakeCheckout() throws Exception {
        checkout = Files.createTempDirectory("kaskade-checkout");
        home = checkout.resolve(".kaskade");
        calls = checkout.resolve("calls.txt");
        Path launcher = checkout.resolve("kaskade");
        Files.writeString(launcher, "#!/bin/sh\necho \"KASKADE_HOME=$KASKADE_HOME $*\" >> '" + calls + "'\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void postCommitHookTriggersTheNewCommitOnItsBranch() throws Exception {
        Path repo = Files.createTempDirectory("hooked repo");
        GitRepos.create(repo, Map.of("a.txt", "1\n"));

        assertThat(kaskade("hook", "install", "--repo", repo.toString(), "--server", "http://127.0.0.1:18081"))
                .isZero();
        Path hook = repo.resolve(".git/hooks/post-commit");
        assertThat(Files.isExecutable(hook)).isTrue();
        assertThat(kaskade("hook", "install", "--repo", repo.toString()))
                .as("installing again replaces our own")
                .isZero();
        assertThat(kaskade("hook", "install", "--repo", repo.toString(), "--server", "http://127.0.0.1:18081"))
                .isZero();

        Files.writeString(repo.resolve("a.txt"), "2\n");
        git(repo, "commit", "-qam", "second");
        String head = git(repo, "rev-parse", "HEAD").strip();
        assertThat(Files.readAllLines(calls))
                .containsExactly("KASKADE_HOME=" + home + " trigger --server http://127.0.0.1:18081 --repo "
                        + repo.toRealPath() + " --ref refs/heads/main --commit " + head);

        assertThat(kaskade("hook", "uninstall", "--repo", repo.toString())).isZero();
        assertThat(hook).doesNotExist();
        assertThat(kaskade("hook", "uninstall", "--repo", repo.toString()))
                .as("nothing to remove is fine")
                .isZero();
    }

    @Test
    void postReceiveHookInABareRepositoryTriggersEveryPushedRefButNotDeletions() throws Exception {
        Path work = Files.createTempDirectory("hook-work");
        GitRepos.create(work, Map.of("a.txt", "1\n"));
        Path bare = Files.createTempDirectory("hook-bare").resolve("app.git");
        git(work, "clone", "-q", "--bare", work.toString(), bare.toString());
        assertThat(kaskade("hook", "install", "--repo", bare.toString(), "--server", "http://127.0.0.1:18081"))
                .isZero();
        assertThat(bare.resolve("hooks/post-receive")).isExecutable();

        Files.writeString(work.resolve("a.txt"), "2\n");
        git(work, "commit", "-qam", "second");
        String head = git(work, "rev-parse", "HEAD").strip();
        git(work, "push", "-q", bare.toString(), "main:main", "main:release");
        git(work, "push", "-q", bare.toString(), ":release");

        List<String> lines = Files.readAllLines(calls);
        assertThat(lines)
                .containsExactlyInAnyOrder(
                        "KASKADE_HOME=" + home + " trigger --server http://127.0.0.1:18081 --repo " + bare.toRealPath()
                                + " --ref refs/heads/main --commit " + head,
                        "KASKADE_HOME=" + home + " trigger --server http://127.0.0.1:18081 --repo " + bare.toRealPath()
                                + " --ref refs/heads/release --commit " + head);
    }

    @Test
    void anotherToolsHookIsLeftAlone() throws Exception {
        Path repo = Files.createTempDirectory("foreign-hook");
        GitRepos.create(repo, Map.of("a.txt", "1\n"));
        Path hook = repo.resolve(".git/hooks/post-commit");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\necho theirs\n");

        assertThat(kaskade("hook", "install", "--repo", repo.toString())).isEqualTo(1);
        assertThat(Files.readString(hook)).isEqualTo("#!/bin/sh\necho theirs\n");
        assertThat(kaskade("hook", "uninstall", "--repo", repo.toString())).isEqualTo(1);
        assertThat(hook).exists();
        assertThat(kaskade(
                        "hook",
                        "install",
                        "--repo",
                        Files.createTempDirectory("not-git").toString()))
                .isEqualTo(1);
    }

    @Test
    void pathsAreQuotedForTheShell() {
        assertThat(GitHook.quote("/tmp/it's here")).isEqualTo("'/tmp/it'\\''s here'");
    }

    private int kaskade(String... args) {
        Console console = new Console(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return KaskadeCommand.execute(new CliContext(checkout, home, Map.of(), console), args);
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                "git", "-c", "user.name=Kaskade Test", "-c", "user.email=test@kaskade.invalid", "-C", dir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The machine's own git configuration (a global core.hooksPath, say) must not decide the test.
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("git " + String.join(" ", args) + " finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("git " + String.join(" ", args) + ": " + output)
                .isZero();
        return output;
    }
}
