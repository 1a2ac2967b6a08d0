package io.kaskade.cli.stack;

import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The base image every example builds {@code FROM}: a busybox-static root filesystem imported into
 * Docker and pushed to the local registry. Docker Hub is not reachable, so base images are made here.
 */
public final class BaseImage {

    public static final String REPOSITORY = "kaskade/busybox";
    public static final String TAG = "stable";

    private final String registry;
    private final String repository;
    private final String tag;
    private final Console console;

    /** The base image the examples use, {@code <registry>/kaskade/busybox:stable}. */
    public BaseImage(String registry, Console console) {
        this(registry, REPOSITORY, TAG, console);
    }

    BaseImage(String registry, String repository, String tag, Console console) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.console = console;
    }

    public String reference() {
        return registry + "/" + repository + ":" + tag;
    }

    /** Whether the registry already holds the image. */
    public boolean present() {
        int status = Probes.httpStatus(
                "http://" + registry + "/v2/" + repository + "/manifests/" + tag,
                "Accept",
                "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json");
        return status == 200;
    }

    /** Builds the image from the host's static busybox and pushes it, working in {@code workDir}. */
    public void buildAndPush(Path workDir) {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new StackException(
                    "/bin/busybox is missing: install busybox-static (apt-get install -y busybox-static)");
        }
        console.info("building base image %s from %s ...", reference(), busybox);
        try {
            FileTrees.delete(workDir);
            Path root = workDir.resolve("rootfs");
            for (String d : List.of("bin", "tmp", "etc", "www")) {
                Files.createDirectories(root.resolve(d));
            }
            Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            Processes.Result applets = Processes.run(List.of(busybox.toString(), "--list"), null, 30);
            if (!applets.ok()) {
                throw new StackException("busybox --list failed: " + applets.output());
            }
            for (String applet : applets.output().split("\n")) {
                String name = applet.trim();
                if (!name.isEmpty() && !name.equals("busybox") && !name.contains("/")) {
                    Files.createSymbolicLink(root.resolve("bin").resolve(name), Path.of("busybox"));
                }
            }
            Files.writeString(
                    root.resolve("etc/passwd"),
                    "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
            Files.writeString(root.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
            check(Processes.run(List.of("chmod", "1777", root.resolve("tmp").toString()), null, 30), "chmod");
            Path tar = workDir.resolve("rootfs.tar");
            check(Processes.run(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."), null, 120), "tar");
            check(
                    Processes.run(
                            List.of(
                                    "docker",
                                    "import",
                                    "-c",
                                    "ENV PATH=/bin",
                                    "-c",
                                    "CMD [\"/bin/sh\"]",
                                    tar.toString(),
                                    reference()),
                            null,
                            300),
                    "docker import");
            check(Processes.run(List.of("docker", "push", reference()), null, 300), "docker push");
            FileTrees.delete(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the base image in " + workDir, e);
        }
        if (!present()) {
            throw new StackException("pushed " + reference() + " but the registry does not list it");
        }
    }

    private static void check(Processes.Result result, String step) {
        if (!result.ok()) {
            throw new StackException(step + " failed while building the base image:\n" + result.output());
        }
    }
}
