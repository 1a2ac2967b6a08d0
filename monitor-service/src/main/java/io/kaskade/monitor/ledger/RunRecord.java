package io.kaskade.monitor.ledger;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kaskade.model.event.DeployTarget;
import io.kaskade.model.event.ResourcePhase;
import io.kaskade.model.event.RunFinished;
import io.kaskade.model.event.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ledger knows about one run: its internal state, stored as JSON in the compacted
 * {@code kaskade.run-ledger} topic (keyed by run id). Not part of the public contract; it may change,
 * which is why unknown fields are ignored when it is read back.
 *
 * <p>Mutable on purpose: only the ledger's single consumer thread changes it, and it is written to
 * the topic after every change.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class RunRecord {

    /** Redeliveries arrive soon after the original; a run has a few dozen events, so this bound is generous. */
    static final int SEEN_EVENTS = 1_000;

    String runId;
    Instant runCreated;
    String repository;
    String commit;
    String ref;
    /** The artifacts SourceChanged listed; null until it was seen. */
    List<String> artifacts;

    final Map<Stage, Instant> started = new EnumMap<>(Stage.class);
    final Map<Stage, Instant> finished = new EnumMap<>(Stage.class);
    final Map<Stage, String> tools = new EnumMap<>(Stage.class);
    final Set<String> pushed = new LinkedHashSet<>();
    final Set<String> tested = new LinkedHashSet<>();
    final Set<String> seenEvents = new LinkedHashSet<>();
    final Map<String, Resource> resources = new LinkedHashMap<>();
    Map<String, String> images = new LinkedHashMap<>();
    String deployer;
    DeployTarget target;
    Failure failure;
    /** The decided outcome; set once, never changed. */
    RunFinished outcome;
    /** Whether {@link #outcome} reached the run-finished topic; a stored unpublished outcome is sent again at start. */
    boolean published;
    /** Grows with every change, so the dashboard can drop an update older than what it shows. */
    long version;

    RunRecord() {}

    RunRecord(String runId, Instant runCreated, String repository, String commit, String ref) {
        this.runId = runId;
        this.runCreated = runCreated;
        this.repository = repository;
        this.commit = commit;
        this.ref = ref;
    }

    /** The first failure a stage reported for the run. */
    public record Failure(
            Stage stage, String artifact, String errorCode, String message, String suggestion, List<String> logTail) {
        public Failure {
            logTail = logTail == null ? List.of() : List.copyOf(logTail);
        }
    }

    /** A deployed resource's last status-check phase. */
    public record Resource(String kind, String namespace, String name, ResourcePhase phase, String reason) {}

    public String runId() {
        return runId;
    }

    public Instant runCreated() {
        return runCreated;
    }

    public String repository() {
        return repository;
    }

    public String commit() {
        return commit;
    }

    public String ref() {
        return ref;
    }

    public List<String> artifacts() {
        return artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    public Map<Stage, Instant> started() {
        return Map.copyOf(started);
    }

    public Map<Stage, Instant> finished() {
        return Map.copyOf(finished);
    }

    public Map<Stage, String> tools() {
        return Map.copyOf(tools);
    }

    public Set<String> pushed() {
        return Set.copyOf(pushed);
    }

    public Set<String> tested() {
        return Set.copyOf(tested);
    }

    public List<Resource> resources() {
        return new ArrayList<>(resources.values());
    }

    public Failure failure() {
        return failure;
    }

    public RunFinished outcome() {
        return outcome;
    }

    public boolean published() {
        return published;
    }

    public long version() {
        return version;
    }

    /** True the first time an event id is offered for this run. */
    boolean firstTime(String eventId) {
        if (!seenEvents.add(eventId)) {
            return false;
        }
        if (seenEvents.size() > SEEN_EVENTS) {
            seenEvents.remove(seenEvents.iterator().next());
        }
        return true;
    }
}
