package io.kaskade.cli.bench;

import io.kaskade.cli.stack.PartRecord;
import io.kaskade.cli.stack.StateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Resident memory of the stack's service processes, read from /proc as the kernel counts it. */
final class Memory {

    private final StateDir state;
    private final Map<String, Long> peak = new TreeMap<>();
    private volatile Thread sampler;

    Memory(StateDir state) {
        this.state = state;
    }

    /** Service name → resident set size in MiB, now. */
    Map<String, Long> now() {
        Map<String, Long> rss = new TreeMap<>();
        for (PartRecord part : state.records()) {
            if (part.part().endsWith("-service") || part.part().equals("cdevents-bridge")) {
                long kib = residentKib(part.pid());
                if (kib > 0) {
                    rss.put(part.part(), kib / 1024);
                }
            }
        }
        return rss;
    }

    /** Samples every 250 ms until {@link #stopPeak()}, keeping each service's highest figure. */
    void startPeak() {
        peak.clear();
        Thread thread = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        now().forEach((name, mib) -> {
                            synchronized (peak) {
                                peak.merge(name, mib, Math::max);
                            }
                        });
                        try {
                            Thread.sleep(250);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "kaskade-bench-memory");
        thread.setDaemon(true);
        thread.start();
        sampler = thread;
    }

    Map<String, Long> stopPeak() {
        Thread thread = sampler;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (peak) {
            return new TreeMap<>(peak);
        }
    }

    static long residentKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
