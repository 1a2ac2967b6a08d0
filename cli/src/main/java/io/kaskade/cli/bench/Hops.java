package io.kaskade.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.model.event.Topics;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Per-hop latency: from the record that hands a run to a stage to that stage's {@code StageStarted}
 * (both timestamps are set when the record is produced). That is the cost of the event bus plus the
 * consumer's own queueing and decoding, the figure Kafka's EndToEndLatency gives for the bus alone.
 * Also the time each stage took, from its input record to its output record.
 */
final class Hops {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** hop name → (input topic, stage whose StageStarted ends the hop). */
    static final Map<String, String[]> HOPS = new LinkedHashMap<>();

    static {
        HOPS.put("SourceChanged → build", new String[] {Topics.SOURCE_CHANGED, "build"});
        HOPS.put("ImagePushed → test", new String[] {Topics.IMAGE_PUSHED, "test"});
        HOPS.put("StructureTested → deploy", new String[] {Topics.STRUCTURE_TESTED, "deploy"});
    }

    private final Map<String, Samples> hops = new LinkedHashMap<>();
    private final Map<String, Samples> stages = new LinkedHashMap<>();
    private final Samples all = new Samples();

    Hops() {
        HOPS.keySet().forEach(name -> hops.put(name, new Samples()));
        for (String stage : List.of("build", "test", "deploy")) {
            stages.put(stage, new Samples());
        }
    }

    void add(List<RunRecorder.Recorded> run) {
        HOPS.forEach((name, hop) -> first(run, hop[0])
                .ifPresent(input -> started(run, hop[1]).ifPresent(started -> {
                    hops.get(name).add(started.timestamp() - input.timestamp());
                    all.add(started.timestamp() - input.timestamp());
                })));
        span(run, Topics.SOURCE_CHANGED, Topics.IMAGE_PUSHED)
                .ifPresent(ms -> stages.get("build").add(ms));
        span(run, Topics.IMAGE_PUSHED, Topics.STRUCTURE_TESTED)
                .ifPresent(ms -> stages.get("test").add(ms));
        span(run, Topics.STRUCTURE_TESTED, Topics.DEPLOYED)
                .ifPresent(ms -> stages.get("deploy").add(ms));
    }

    Map<String, Samples> hops() {
        return hops;
    }

    Map<String, Samples> stages() {
        return stages;
    }

    /** All hops together, the figure compared with Kafka's end-to-end latency. */
    Samples allHops() {
        return all;
    }

    /**
     * The deploy stage alone, as the deploy-service sees it: its StageStarted(deploy) → Deployed. Unlike
     * the "deploy" stage span it leaves out the hop into the stage.
     */
    static Optional<Long> deployStage(List<RunRecorder.Recorded> run) {
        Optional<RunRecorder.Recorded> started = started(run, "deploy");
        Optional<RunRecorder.Recorded> deployed = first(run, Topics.DEPLOYED);
        return started.isPresent() && deployed.isPresent()
                ? Optional.of(deployed.get().timestamp() - started.get().timestamp())
                : Optional.empty();
    }

    private static Optional<Long> span(List<RunRecorder.Recorded> run, String from, String to) {
        Optional<RunRecorder.Recorded> start = first(run, from);
        Optional<RunRecorder.Recorded> end = run.stream()
                .filter(r -> r.topic().equals(to))
                .max((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        return start.isPresent() && end.isPresent()
                ? Optional.of(end.get().timestamp() - start.get().timestamp())
                : Optional.empty();
    }

    private static Optional<RunRecorder.Recorded> first(List<RunRecorder.Recorded> run, String topic) {
        return run.stream()
                .filter(r -> r.topic().equals(topic))
                .min((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    }

    private static Optional<RunRecorder.Recorded> started(List<RunRecorder.Recorded> run, String stage) {
        return run.stream()
                .filter(r -> r.type() != null && r.type().startsWith("io.kaskade.stage.started."))
                .filter(r -> stage.equals(stageOf(r.json())))
                .min((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    }

    private static String stageOf(String json) {
        try {
            JsonNode stage = JSON.readTree(json).get("stage");
            return stage == null ? null : stage.asText().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return null;
        }
    }
}
