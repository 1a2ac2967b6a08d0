package io.kaskade.cli.bench;

import io.kaskade.cli.stack.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kafka's own {@code EndToEndLatency} tool against the same broker: the floor for one hop. */
final class KafkaLatency {

    /** Kafka's percentiles, in milliseconds. */
    record Result(double p50, double p99, double average) {}

    private static final Pattern PERCENTILES = Pattern.compile("50th = ([0-9.]+), 99th = ([0-9.]+)");
    private static final Pattern AVERAGE = Pattern.compile("Avg latency: ([0-9.]+) ms");

    private KafkaLatency() {}

    static Result measure(Path repo, String bootstrapServers, int messages) {
        Path lib = repo.resolve("kafka-runtime/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new BenchException(
                    "Kafka's tools are missing at " + lib + "; build the project first (./kaskade builds it)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // acks=all, as Kaskade's own producers send; 512-byte records, about the size of a Kaskade event.
        Processes.Result result = Processes.run(
                List.of(
                        java,
                        "-cp",
                        lib + "/*",
                        "org.apache.kafka.tools.EndToEndLatency",
                        bootstrapServers,
                        "kaskade.bench-latency",
                        Integer.toString(messages),
                        "all",
                        "512"),
                repo,
                300);
        Matcher p = PERCENTILES.matcher(result.output());
        Matcher avg = AVERAGE.matcher(result.output());
        if (!result.ok() || !p.find() || !avg.find()) {
            throw new BenchException("Kafka's EndToEndLatency failed (exit " + result.exitCode() + "): "
                    + result.output().strip());
        }
        return new Result(
                Double.parseDouble(p.group(1)), Double.parseDouble(p.group(2)), Double.parseDouble(avg.group(1)));
    }
}
