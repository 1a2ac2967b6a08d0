package io.kaskade.cli.stack;

import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The host programs the local stack needs: the Docker engine and CLI, the OCI registry, a static
 * busybox for the base image, and git. As root on Debian they are installed with apt; anywhere else
 * the user is told exactly what to install.
 */
public final class HostPackages {

    /** A program the stack needs, how to tell it is there, and the Debian package that brings it. */
    public record Need(String what, String aptPackage, BooleanSupplier present) {}

    /** Every program {@code up} needs, in install order. */
    public static List<Need> needs() {
        return List.of(
                new Need(
                        "Docker engine (dockerd, docker)",
                        "docker.io",
                        () -> Processes.onPath("dockerd") && Processes.onPath("docker")),
                new Need(
                        "OCI registry (docker-registry)", "docker-registry", () -> Processes.onPath("docker-registry")),
                new Need(
                        "static busybox (/bin/busybox, for the base image)",
                        "busybox-static",
                        HostPackages::staticBusyboxInstalled),
                new Need("git", "git", () -> Processes.onPath("git")));
    }

    private final Console console;

    public HostPackages(Console console) {
        this.console = console;
    }

    /** The needs that are not met. */
    public static List<Need> missing(List<Need> needs) {
        return needs.stream().filter(n -> !n.present().getAsBoolean()).toList();
    }

    /**
     * Installs what is missing, or explains what to install.
     *
     * @throws StackException when something is missing and cannot be installed here
     */
    public void ensure(List<Need> needs) {
        List<Need> missing = missing(needs);
        if (missing.isEmpty()) {
            return;
        }
        List<String> packages =
                missing.stream().map(Need::aptPackage).distinct().toList();
        if (!isRoot() || !isDebian()) {
            StringBuilder message = new StringBuilder("missing on this machine:\n");
            missing.forEach(n -> message.append("  - ").append(n.what()).append('\n'));
            message.append("install them (on Debian/Ubuntu: sudo apt-get install -y ")
                    .append(String.join(" ", packages))
                    .append("), then run this again");
            throw new StackException(message.toString());
        }
        console.info("installing %s with apt-get ...", String.join(", ", packages));
        Processes.Result update = Processes.run(List.of("apt-get", "update"), null, 600);
        if (!update.ok()) {
            throw new StackException("apt-get update failed:\n" + lastLines(update.output()));
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
        install.addAll(packages);
        Processes.Result result = Processes.run(install, null, 1800);
        if (!result.ok()) {
            throw new StackException(
                    "apt-get install " + String.join(" ", packages) + " failed:\n" + lastLines(result.output()));
        }
        List<Need> still = missing(needs);
        if (!still.isEmpty()) {
            throw new StackException("still missing after apt-get install: "
                    + still.stream().map(Need::what).toList());
        }
    }

    static boolean staticBusyboxInstalled() {
        if (Processes.onPath("dpkg-query")) {
            Processes.Result r = Processes.run(List.of("dpkg-query", "-W", "-f=${Status}", "busybox-static"), null, 30);
            return r.ok() && r.output().contains("install ok installed");
        }
        return Files.isExecutable(Path.of("/bin/busybox"));
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    static boolean isDebian() {
        return Files.exists(Path.of("/etc/debian_version")) && Processes.onPath("apt-get");
    }

    private static String lastLines(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
    }
}
