package io.kaskade.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.cli.context.Console;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.Topics;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Shows watched records: as the human timeline, or with {@code --json} as one JSON object per line.
 * A record that is not a valid event is reported on stderr and skipped; it never stops the watch.
 */
public final class RecordPrinter implements Consumer<WatchedRecord> {

    private final Console console;
    private final boolean json;
    private final Timeline timeline;

    public RecordPrinter(Console console, boolean json, boolean allRuns) {
        this.console = console;
        this.json = json;
        this.timeline = new Timeline(allRuns);
    }

    /** A build-log record is JSON with the output line in {@code line}; anything else is shown as text. */
    static String logText(WatchedRecord record) {
        try {
            JsonNode json = EventCodec.mapper().readTree(record.value());
            if (json != null && json.path("line").isTextual()) {
                return json.get("line").asText();
            }
        } catch (IOException e) {
            // plain text
        }
        return record.text();
    }

    @Override
    public void accept(WatchedRecord record) {
        if (json) {
            console.result(JsonLines.format(record));
            return;
        }
        if (Topics.BUILD_LOG.equals(record.topic())) {
            logText(record).lines().forEach(l -> console.result(timeline.logLine(record.runId(), l)));
            return;
        }
        if (Topics.DEAD_LETTER.equals(record.topic())) {
            console.result(timeline.deadLetter(record));
            return;
        }
        try {
            Optional<PipelineEvent> event = record.event();
            if (event.isEmpty()) {
                console.info("skipping a record without ce_type on %s (key %s)", record.topic(), record.key());
                return;
            }
            timeline.lines(event.get()).forEach(console::result);
        } catch (InvalidEventException e) {
            console.info("skipping an invalid event on %s (key %s): %s", record.topic(), record.key(), e.getMessage());
        }
    }
}
