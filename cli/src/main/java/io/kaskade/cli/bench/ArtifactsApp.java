package io.kaskade.cli.bench;

import io.kaskade.cli.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An app with N artifacts in one skaffold.yaml, for the cost-growth figure: each artifact is the tiny
 * app itself (examples/hello-web's Dockerfile and structure tests: busybox httpd, one COPY) in its own
 * build context and on its own port, all deployed by the docker deployer. So the one-artifact variant
 * costs what the tiny app costs, and the N-artifact variant shows what each further artifact adds.
 */
final class ArtifactsApp {

    private final Path dir;
    private final int count;

    private ArtifactsApp(Path dir, int count) {
        this.dir = dir;
        this.count = count;
    }

    /**
     * @param imagePrefix each artifact's image is {@code imagePrefix + "-" + i}
     * @param firstPort artifact i (from 1) answers on {@code firstPort + i - 1}
     */
    static ArtifactsApp create(Path example, Path dir, String imagePrefix, int count, int firstPort) {
        String dockerfile = read(example.resolve("Dockerfile"));
        String structureTest = read(example.resolve("structure-test.yaml"));
        String page = read(example.resolve("index.html"));
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
        List<String> images = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String port = Integer.toString(firstPort + i - 1);
            write(dir.resolve("a" + i).resolve("Dockerfile"), dockerfile.replace("18080", port));
            write(dir.resolve("a" + i).resolve("index.html"), page);
            write(dir.resolve("structure-test-" + i + ".yaml"), structureTest.replace("18080", port));
            images.add(imagePrefix + "-" + i);
        }
        write(dir.resolve("skaffold.yaml"), skaffoldYaml(dir.getFileName().toString(), images));
        Shell.git(dir, "init", "-q", "-b", "main");
        Shell.git(dir, "add", "-A");
        Shell.git(dir, "commit", "-q", "-m", "bench app with " + count + " artifacts");
        return new ArtifactsApp(dir, count);
    }

    /** The skaffold.yaml of N artifacts: artifact i built from a{i}/, tested with structure-test-{i}.yaml. */
    static String skaffoldYaml(String name, List<String> images) {
        StringBuilder yaml = new StringBuilder("apiVersion: skaffold/v4beta14\nkind: Config\nmetadata:\n  name: ")
                .append(name)
                .append("\nbuild:\n  artifacts:\n");
        for (int i = 1; i <= images.size(); i++) {
            yaml.append("    - image: ")
                    .append(images.get(i - 1))
                    .append("\n      context: a")
                    .append(i)
                    .append("\n      docker:\n        dockerfile: Dockerfile\n");
        }
        yaml.append("  local:\n    push: true\ntest:\n");
        for (int i = 1; i <= images.size(); i++) {
            yaml.append("  - image: ")
                    .append(images.get(i - 1))
                    .append("\n    structureTests:\n      - ./structure-test-")
                    .append(i)
                    .append(".yaml\n");
        }
        return yaml.append("deploy:\n  docker:\n    images: [")
                .append(String.join(", ", images))
                .append("]\n")
                .toString();
    }

    /** Puts {@code token} in every artifact's page and commits, so every artifact is built, tested and deployed. */
    void changePages(String token) {
        for (int i = 1; i <= count; i++) {
            Path page = dir.resolve("a" + i).resolve("index.html");
            write(page, read(page).replaceAll("<h1>.*</h1>", "<h1>" + BenchApp.GREETING + " " + token + "</h1>"));
        }
        Shell.git(dir, "commit", "-q", "-am", "pages " + token);
    }

    Path dir() {
        return dir;
    }

    int count() {
        return count;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
