package io.kaskade.e2e.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Removes what the suite's runs left in the Docker engine: deployed containers and the built images. */
final class Containers {

    private Containers() {}

    /** Removes every container the docker deployer ran for {@code repositories} (by its repository label). */
    static void removeDeployedFor(List<String> repositories) {
        for (String repository : repositories) {
            removeAll(docker("ps", "-aq", "--filter", "label=kaskade.repository=" + repository));
        }
    }

    /** Removes the engine's copies of images under {@code prefix}; the shared registry keeps its own. */
    static void removeImages(String prefix) {
        List<String> refs = docker("images", "--format", "{{.Repository}}:{{.Tag}}")
                .lines()
                .filter(l -> l.startsWith(prefix))
                .toList();
        if (!refs.isEmpty()) {
            List<String> rmi = new ArrayList<>(List.of("rmi", "-f"));
            rmi.addAll(refs);
            docker(rmi.toArray(String[]::new));
        }
    }

    private static void removeAll(String ids) {
        if (!ids.isBlank()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(List.of(ids.trim().split("\\s+")));
            docker(rm.toArray(String[]::new));
        }
    }

    /** Runs the Docker CLI; cleaning up is best effort, so a failure is printed, not thrown. */
    private static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                System.err.println(String.join(" ", command) + " failed: " + out);
                return "";
            }
            return out;
        } catch (IOException e) {
            System.err.println(String.join(" ", command) + " could not run: " + e.getMessage());
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
