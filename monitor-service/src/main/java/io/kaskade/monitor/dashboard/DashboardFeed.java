package io.kaskade.monitor.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kaskade.model.event.EventCodec;
import io.kaskade.monitor.MonitorConfig;
import io.kaskade.monitor.ledger.LedgerListener;
import io.kaskade.monitor.ledger.RunLedger;
import io.kaskade.monitor.ledger.RunRecord;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard shows, and the live stream of changes to it. The ledger loop tells it about
 * every change; the page reads a snapshot ({@code /api/runs}) and then follows {@link #stream()}.
 *
 * <p>Build log lines are kept here only, in memory and bounded per run: they are for watching, and
 * the ledger's stored state stays small.
 */
@ApplicationScoped
public class DashboardFeed implements LedgerListener {

    private final BroadcastProcessor<String> changes = BroadcastProcessor.create();
    private final Map<String, Deque<RunView.LogLine>> logs = new HashMap<>();
    private final int logLinesPerRun;
    private final int recentRuns;
    private RunLedger ledger = new RunLedger(List.of());

    public DashboardFeed(MonitorConfig config) {
        this.logLinesPerRun = config.logLinesPerRun();
        this.recentRuns = config.recentRuns();
    }

    @Override
    public synchronized void show(RunLedger ledger) {
        this.ledger = ledger;
    }

    /** A run changed: pushes its new view to every open page. */
    @Override
    public void changed(RunRecord run) {
        RunView view;
        synchronized (this) {
            view = view(run);
        }
        push(Map.of("type", "run", "run", view));
    }

    @Override
    public void logLine(String runId, String artifact, String line) {
        RunView.LogLine entry = new RunView.LogLine(artifact, line);
        synchronized (this) {
            Deque<RunView.LogLine> lines = logs.computeIfAbsent(runId, id -> new ArrayDeque<>());
            lines.addLast(entry);
            while (lines.size() > logLinesPerRun) {
                lines.removeFirst();
            }
            if (logs.size() > recentRuns * 2) {
                logs.keySet().removeIf(id -> ledger.run(id).isEmpty());
            }
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "log");
        message.put("runId", runId);
        message.put("artifact", artifact);
        message.put("line", line);
        push(message);
    }

    /** The newest runs first. */
    public synchronized List<RunView> recent(int limit) {
        return ledger.recent(Math.min(limit, recentRuns)).stream()
                .map(this::view)
                .toList();
    }

    public synchronized Optional<RunView> run(String runId) {
        return ledger.run(runId).map(this::view);
    }

    /**
     * Every change from now on, as JSON text, led by a {@code hello} message: the page fetches its
     * snapshot only after the hello, so no change can fall between the snapshot and the stream.
     */
    public Multi<String> stream() {
        return Multi.createBy()
                .concatenating()
                .streams(Multi.createFrom().item(json(Map.of("type", "hello"))), changes);
    }

    private RunView view(RunRecord run) {
        Deque<RunView.LogLine> lines = logs.get(run.runId());
        return RunView.of(run, lines == null ? List.of() : List.copyOf(lines));
    }

    private void push(Object message) {
        changes.onNext(json(message));
    }

    private static String json(Object message) {
        try {
            return EventCodec.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a dashboard message", e);
        }
    }
}
