package io.kaskade.e2e.chaos;

import io.kaskade.model.event.EventType;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.RunRequested;
import io.kaskade.model.event.SourceChanged;
import io.kaskade.model.event.StructureTested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Poison records, two kinds: bytes that are not JSON under the topic's own {@code ce_type}, and a
 * well-formed record with a {@code ce_type} no Kaskade service knows. Each must end on
 * {@code kaskade.dead-letter} (with the topic it came from) while the valid records around it are
 * carried on.
 */
final class Poison {

    private static final byte[] NOT_JSON = {(byte) 0xff, 0x00, '{', '"', 'p', 'o', 'i', 's', 'o', 'n'};
    private static final String UNKNOWN_TYPE = "io.kaskade.chaos.unknown.v1";

    /** A poison record sent: its ce_id, topic and how many consumers of that topic must dead-letter it. */
    private record Sent(String id, String topic, int consumers) {}

    private final RecordSender sender;
    private final EventLog log;
    private final List<Sent> sent = new ArrayList<>();

    Poison(RecordSender sender, EventLog log) {
        this.sender = sender;
        this.log = log;
    }

    /** Two poison records on {@code kaskade.run-requested}, keyed like the valid requests of {@code repository}. */
    void injectRunRequested(String repository) {
        send(EventLog.RUN_REQUESTED, null, repository, RunRequested.TYPE, 1);
    }

    /** Two poison records into every partition of a stage's input topic, read by that stage and monitor-service. */
    void injectStageInput(String topic) {
        String type = switch (topic) {
            case EventLog.SOURCE_CHANGED -> EventType.of(SourceChanged.class).ceType();
            case EventLog.IMAGE_PUSHED -> EventType.of(ImagePushed.class).ceType();
            case EventLog.STRUCTURE_TESTED ->
                EventType.of(StructureTested.class).ceType();
            default -> throw new IllegalArgumentException("not a stage input: " + topic);
        };
        for (int partition = 0; partition < EventLog.PARTITIONS; partition++) {
            send(topic, partition, null, type, 2);
        }
    }

    int injected() {
        return sent.size();
    }

    /** Sends both kinds; {@code key} null keys each by its own id. The ce_id tells the dead letters apart. */
    private void send(String topic, Integer partition, String key, String type, int consumers) {
        String malformed = "poison-" + UUID.randomUUID();
        sender.send(topic, partition, key != null ? key : malformed, headers(malformed, type), NOT_JSON);
        sent.add(new Sent(malformed, topic, consumers));
        String unknown = "poison-" + UUID.randomUUID();
        sender.send(
                topic,
                partition,
                key != null ? key : unknown,
                headers(unknown, UNKNOWN_TYPE),
                "{\"runId\": \"poison\"}".getBytes(StandardCharsets.UTF_8));
        sent.add(new Sent(unknown, topic, consumers));
    }

    private static Map<String, String> headers(String id, String type) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_source", "/e2e/chaos/poison");
        headers.put("ce_type", type);
        headers.put("content-type", "application/json");
        return headers;
    }

    /** Waits until every poison record is on the dead-letter topic once per consumer of its topic. */
    void assertAllDeadLettered(Duration timeout) {
        try {
            Awaitility.await("every poison record dead-lettered by each consumer of its topic")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> missing().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "poison records not dead-lettered (topic/ce_id: found of expected): " + missing(), e);
        }
    }

    private List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Sent s : sent) {
            long dead = log.on(
                            EventLog.DEAD_LETTER,
                            e -> s.topic().equals(e.headers().get("dead-letter-topic")) && s.id().equals(e.id()))
                    .size();
            if (dead < s.consumers()) {
                missing.add(s.topic() + "/" + s.id() + ": " + dead + " of " + s.consumers());
            }
        }
        return missing;
    }
}
