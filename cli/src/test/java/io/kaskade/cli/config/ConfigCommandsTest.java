package io.kaskade.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandsTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    static Result run(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The conformance corpus next to the repository, or $KASKADE_CORPUS; the test fails without it. */
    static Path corpus() {
        String env = System.getenv("KASKADE_CORPUS");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("shared/corpus/skaffold"))) {
                return d.resolve("shared/corpus");
            }
        }
        return fail("conformance corpus not found: set KASKADE_CORPUS or put it at <parent of repo>/shared/corpus");
    }

    private Path copyExample(String name) throws IOException {
        Path source = corpus().resolve("skaffold/examples").resolve(name);
        Path target = dir.resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void diagnosePrintsTheEffectiveConfigWithProfilesAndDefaults() throws IOException {
        write("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  artifacts:
                  - image: app
                profiles:
                - name: ci
                  activation:
                  - kubeContext: ci-.*
                  build:
                    tagPolicy:
                      sha256: {}
                """);
        Result r = run(
                new DiagnoseCommand(),
                "--yaml-only",
                "-f",
                dir.resolve("skaffold.yaml").toString(),
                "--kube-context",
                "ci-east");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .startsWith("apiVersion: skaffold/v4beta14\nkind: Config\n")
                .contains("sha256: {}")
                .contains("dockerfile: Dockerfile")
                .contains("- k8s/*.yaml")
                .doesNotContain("profiles");
        Result off = run(
                new DiagnoseCommand(),
                "--yaml-only",
                "-f",
                dir.resolve("skaffold.yaml").toString(),
                "--kube-context",
                "ci-east",
                "-p",
                "-ci");
        assertThat(off.out()).contains("gitCommit:").contains("variant: Tags");
    }

    @Test
    void errorsGoToStderrWithNonZeroExit() throws IOException {
        write("skaffold.yaml", "apiVersion: skaffold/v4beta14\nkind: Config\nbuild:\n  artefacts: []\n");
        Result r = run(
                new DiagnoseCommand(),
                "--yaml-only",
                "-f",
                dir.resolve("skaffold.yaml").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("skaffold.yaml:4:3: field 'build.artefacts' is not allowed here; allowed fields:");
        Result missing = run(new FixCommand(), "-f", dir.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.yaml: file not found");
    }

    @Test
    void fixPrintsTheUpgradedConfig() throws IOException {
        Path file = corpus().resolve("skaffold/integration/testdata/fix-v2beta29/skaffold.yaml");
        Result r = run(new FixCommand(), "-f", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("apiVersion: skaffold/v4beta14").contains("manifests:");
        assertThat(io.kaskade.core.config.ConfigLoader.parse(r.out(), "fixed")).isNotEmpty();
    }

    @Test
    void buildDryRunComputesGitTagsWithDefaultRepoAndRenderPutsThemIn() throws Exception {
        Path example = copyExample("getting-started");
        try (Git git = Git.init()
                .setDirectory(example.toFile())
                .setInitialBranch("main")
                .call()) {
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("init")
                    .setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com")
                    .setSign(false)
                    .call();
            git.tag().setName("v1.0").setAnnotated(false).call();
        }
        Path output = dir.resolve("out/builds.json");
        Result build = run(
                new BuildCommand(Map.of()),
                "--dry-run",
                "-f",
                example.resolve("skaffold.yaml").toString(),
                "--default-repo",
                "127.0.0.1:5000/team",
                "--file-output",
                output.toString(),
                "--config",
                dir.resolve("no-global-config").toString());
        assertThat(build.exit()).as(build.err()).isZero();
        String expected =
                "{\"builds\":[{\"imageName\":\"skaffold-example\",\"tag\":\"127.0.0.1:5000/team/skaffold-example:v1.0\"}]}";
        assertThat(build.out().trim()).isEqualTo(expected);
        assertThat(Files.readString(output).trim()).isEqualTo(expected);

        Result render = run(
                new RenderCommand(),
                "-f",
                example.resolve("skaffold.yaml").toString(),
                "--build-artifacts",
                output.toString());
        assertThat(render.exit()).as(render.err()).isZero();
        assertThat(render.out()).contains("kind: Pod").contains("image: 127.0.0.1:5000/team/skaffold-example:v1.0");
    }

    @Test
    void defaultRepoComesFromEnvironmentThenGlobalConfig() throws IOException {
        write("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  tagPolicy:
                    envTemplate:
                      template: "{{.VERSION}}"
                  artifacts:
                  - image: gcr.io/k8s-skaffold/web
                """);
        write(
                "global",
                "global:\n  default-repo: registry.example.com/global\nkubeContexts:\n- kube-context: local\n  default-repo: 127.0.0.1:5000\n");
        String file = dir.resolve("skaffold.yaml").toString();
        String global = dir.resolve("global").toString();
        Result fromEnv = run(
                new BuildCommand(Map.of("VERSION", "1.2", "SKAFFOLD_DEFAULT_REPO", "env.example.com")),
                "--dry-run",
                "-f",
                file,
                "--config",
                global);
        assertThat(fromEnv.out()).as(fromEnv.err()).contains("\"tag\":\"env.example.com/gcr_io_k8s-skaffold_web:1.2\"");
        Result fromContext = run(
                new BuildCommand(Map.of("VERSION", "1.2")),
                "--dry-run",
                "-f",
                file,
                "--config",
                global,
                "--kube-context",
                "local");
        assertThat(fromContext.out()).contains("\"tag\":\"127.0.0.1:5000/gcr_io_k8s-skaffold_web:1.2\"");
        Result fromGlobal =
                run(new BuildCommand(Map.of("VERSION", "1.2")), "--dry-run", "-f", file, "--config", global);
        assertThat(fromGlobal.out()).contains("\"tag\":\"registry.example.com/global/gcr_io_k8s-skaffold_web:1.2\"");
        Result notDry = run(new BuildCommand(Map.of()), "-f", file);
        assertThat(notDry.exit()).isEqualTo(2);
        assertThat(notDry.err()).contains("only --dry-run");
    }

    @Test
    void dryRunPrintsEveryTagOfATagPolicyList() throws IOException {
        write("skaffold.yaml", """
                apiVersion: skaffold/v4beta14
                kind: Config
                build:
                  tagPolicy:
                  - envTemplate:
                      template: "{{.VERSION}}"
                  - envTemplate:
                      template: "stable"
                  - envTemplate:
                      template: "{{.VERSION}}"
                  artifacts:
                  - image: 127.0.0.1:5000/team/web
                """);
        Result build = run(
                new BuildCommand(Map.of("VERSION", "1.2")),
                "--dry-run",
                "-f",
                dir.resolve("skaffold.yaml").toString(),
                "--config",
                dir.resolve("no-global-config").toString());
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(build.out())
                .contains("\"tag\":\"127.0.0.1:5000/team/web:1.2\"")
                .contains("\"tags\":[\"127.0.0.1:5000/team/web:1.2\",\"127.0.0.1:5000/team/web:stable\"]");
    }

    @Test
    void renderRunsKustomizeAndReplacesImages() throws IOException {
        Path example = copyExample("kustomize");
        write(
                "builds.json",
                "{\"builds\":[{\"imageName\":\"index.docker.io/library/busybox\",\"tag\":\"127.0.0.1:5000/kaskade/busybox:stable\"}]}");
        Result r = run(
                new RenderCommand(),
                "-f",
                example.resolve("skaffold.yaml").toString(),
                "--build-artifacts",
                dir.resolve("builds.json").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("kind: Deployment")
                .contains("image: 127.0.0.1:5000/kaskade/busybox:stable")
                .doesNotContain("index.docker.io");
    }

    @Test
    void diagnoseFollowsRequiresBesideTheConfigDirectory() throws IOException {
        write(
                "app/skaffold.yaml",
                "apiVersion: skaffold/v4beta14\nkind: Config\nrequires:\n- path: ../shared\nbuild:\n  artifacts:\n  - image: app\n");
        write(
                "shared/skaffold.yaml",
                "apiVersion: skaffold/v4beta14\nkind: Config\nbuild:\n  artifacts:\n  - image: base\n    context: src\n");
        Result r = run(
                new DiagnoseCommand(),
                "--yaml-only",
                "-f",
                dir.resolve("app/skaffold.yaml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("image: base")
                .contains("context: ../shared/src")
                .contains("---")
                .contains("image: app");
    }
}
