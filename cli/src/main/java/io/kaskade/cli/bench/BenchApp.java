package io.kaskade.cli.bench;

import io.kaskade.cli.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A copy of examples/hello-web (busybox httpd, one COPY, structure tests, docker deployer) that the
 * benchmark changes commit by commit: its own image name, so the first build is a real cache miss, its
 * own port, and optionally a slow build step that runs again for every change of the page.
 */
final class BenchApp {

    static final String GREETING = "Hello from Kaskade";

    private final Path dir;
    private final String image;
    private final int port;

    private BenchApp(Path dir, String image, int port) {
        this.dir = dir;
        this.image = image;
        this.port = port;
    }

    /**
     * @param buildSeconds a {@code RUN sleep} placed after the page's COPY, so every change of the page pays it
     *     (0 for none)
     */
    static BenchApp create(Path example, Path dir, String image, int port, int buildSeconds, boolean git) {
        try {
            FileTrees.delete(dir);
            FileTrees.copy(example, dir);
            for (String file : new String[] {"Dockerfile", "structure-test.yaml", "skaffold.yaml"}) {
                Path path = dir.resolve(file);
                String text = Files.readString(path)
                        .replace("127.0.0.1:5000/kaskade-examples/hello-web", image)
                        .replace("18080", Integer.toString(port));
                if (file.equals("Dockerfile") && buildSeconds > 0) {
                    text = text.replace(
                            "COPY index.html /www/index.html\n",
                            "COPY index.html /www/index.html\nRUN sleep " + buildSeconds + "\n");
                }
                Files.writeString(path, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BenchApp app = new BenchApp(dir, image, port);
        if (git) {
            Shell.git(dir, "init", "-q", "-b", "main");
            Shell.git(dir, "add", "-A");
            Shell.git(dir, "commit", "-q", "-m", "bench app");
        }
        return app;
    }

    /** Puts {@code token} in the page (the structure tests still match it) and commits when {@code git}. */
    void changePage(String token, boolean git) {
        write("index.html", read("index.html").replaceAll("<h1>.*</h1>", "<h1>" + GREETING + " " + token + "</h1>"));
        if (git) {
            Shell.git(dir, "commit", "-q", "-am", "page " + token);
        }
    }

    /** A commit that leaves the artifact's inputs alone, so the build is a cache hit. */
    void commitOutsideArtifact(String token) {
        write("NOTES.txt", token + "\n");
        Shell.git(dir, "add", "-A");
        Shell.git(dir, "commit", "-q", "-m", "notes " + token);
    }

    Path dir() {
        return dir;
    }

    String image() {
        return image;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
