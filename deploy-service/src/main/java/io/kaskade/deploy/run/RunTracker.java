package io.kaskade.deploy.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.InvalidEventException;
import io.kaskade.model.event.StructureTested;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Gathers a run's {@code StructureTested} events until every artifact has passed, and hands the
 * run to exactly one worker for deploying. Structure tests of one run finish in any order and on
 * several workers at once; this is the one place that decides "now the run is complete".
 *
 * <p>It remembers finished runs too (up to a bound), so a late or repeated event for a run that
 * is deployed, failed or not deployed changes nothing.
 *
 * <p>With a state directory every change is written to a JSON file per run before it takes effect,
 * so a restart (even after {@code kill -9}) keeps half-gathered runs. A run that was being deployed
 * when the process died is waiting again after the restart: the redelivered event that was not yet
 * committed deploys it again, and deploying is idempotent. Without a state directory the state is
 * in memory only, and a restart forgets runs whose earlier artifacts' events were already committed.
 */
public final class RunTracker {

    private static final Logger LOG = Logger.getLogger(RunTracker.class);
    private static final ObjectMapper JSON = EventCodec.mapper();

    private final Optional<Path> stateDir;
    private final int maxFinished;
    private final Duration pendingTimeout;
    private final Clock clock;
    private final Map<String, RunState> runs = new HashMap<>();

    public RunTracker(Optional<Path> stateDir, int maxFinished, Duration pendingTimeout, Clock clock) {
        this.stateDir = stateDir;
        this.maxFinished = maxFinished;
        this.pendingTimeout = pendingTimeout;
        this.clock = clock;
        stateDir.ifPresent(this::load);
    }

    /** What the caller should do after {@link #record}. */
    public enum Action {
        /** Nothing yet: other artifacts of the run have not passed. */
        WAIT,
        /** Every artifact passed: deploy {@link Outcome#images()} now, then call {@link #finish}. */
        DEPLOY,
        /** This artifact failed its tests: the run is not deployed. */
        NOT_DEPLOYED,
        /** The run is already being deployed or is finished; this event changes nothing. */
        IGNORE
    }

    /**
     * @param images every artifact's tested image in config order, when {@link Action#DEPLOY}
     * @param status the run's status after the event
     */
    public record Outcome(Action action, Map<String, String> images, RunStatus status) {}

    /**
     * Records one artifact's test result.
     *
     * @throws InvalidEventException when the event's artifact is not one of its own config's artifacts
     */
    public synchronized Outcome record(StructureTested event) {
        List<String> artifacts = event.config().artifacts().stream().map(Artifact::image).distinct().toList();
        if (!artifacts.contains(event.artifact())) {
            throw new InvalidEventException("StructureTested for artifact '" + event.artifact()
                    + "', which is not in the run's config; its artifacts are " + artifacts);
        }
        Instant now = clock.instant();
        forgetOld(now);
        RunState state = runs.get(event.runId());
        if (state == null) {
            state = new RunState(event.runId(), event.runCreated(), event.repository(), event.ref(), event.commit(),
                    artifacts, Map.of(), null, RunStatus.WAITING, now);
        }
        if (state.status() != RunStatus.WAITING) {
            return new Outcome(Action.IGNORE, Map.of(), state.status());
        }
        if (!event.passed()) {
            store(state.with(state.images(), event.artifact(), RunStatus.NOT_DEPLOYED, now));
            return new Outcome(Action.NOT_DEPLOYED, Map.of(), RunStatus.NOT_DEPLOYED);
        }
        Map<String, String> images = new LinkedHashMap<>(state.images());
        images.put(event.artifact(), event.image());
        RunState updated = state.with(images, null, RunStatus.WAITING, now);
        if (updated.complete()) {
            updated = updated.with(images, null, RunStatus.DEPLOYING, now);
            store(updated);
            return new Outcome(Action.DEPLOY, updated.orderedImages(), RunStatus.DEPLOYING);
        }
        store(updated);
        return new Outcome(Action.WAIT, Map.of(), RunStatus.WAITING);
    }

    /** Marks a run that {@link #record} handed out for deploying as finished. */
    public synchronized void finish(String runId, RunStatus status) {
        if (!status.finished()) {
            throw new IllegalArgumentException(status + " is not a finished status");
        }
        RunState state = runs.get(runId);
        if (state != null) {
            store(state.with(state.images(), state.failedArtifact(), status, clock.instant()));
        }
    }

    /** The run's status, if the run is remembered. */
    public synchronized Optional<RunStatus> status(String runId) {
        return Optional.ofNullable(runs.get(runId)).map(RunState::status);
    }

    private void forgetOld(Instant now) {
        runs.values().stream()
                .filter(s -> s.status() == RunStatus.WAITING && s.updated().plus(pendingTimeout).isBefore(now))
                .map(RunState::runId).toList()
                .forEach(runId -> {
                    LOG.warnf("forgetting run %s: not all of its artifacts were tested within %s", runId, pendingTimeout);
                    forget(runId);
                });
        List<RunState> finished = runs.values().stream().filter(s -> s.status().finished())
                .sorted(Comparator.comparing(RunState::updated)).toList();
        for (int i = 0; i < finished.size() - maxFinished; i++) {
            forget(finished.get(i).runId());
        }
    }

    private void store(RunState state) {
        stateDir.ifPresent(dir -> write(dir, state));
        runs.put(state.runId(), state);
    }

    private void forget(String runId) {
        runs.remove(runId);
        stateDir.ifPresent(dir -> {
            try {
                Files.deleteIfExists(file(dir, runId));
            } catch (IOException e) {
                LOG.warnf("could not delete the state file of run %s: %s", runId, e.getMessage());
            }
        });
    }

    private static void write(Path dir, RunState state) {
        Path target = file(dir, state.runId());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.write(temp, JSON.writeValueAsBytes(state));
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the state of run " + state.runId() + " to " + target, e);
        }
    }

    private void load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path path : files) {
                try {
                    RunState state = JSON.readValue(path.toFile(), RunState.class);
                    if (state.status() == RunStatus.DEPLOYING) {
                        // The process died mid-deploy; the uncommitted event comes again and resumes it.
                        state = state.with(state.images(), state.failedArtifact(), RunStatus.WAITING, state.updated());
                    }
                    runs.put(state.runId(), state);
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("ignoring unreadable run state file %s: %s", path, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the run state directory " + dir, e);
        }
        LOG.infof("loaded the state of %d runs from %s", runs.size(), dir);
    }

    /** Run ids come from events; hashing them keeps any id a safe file name. */
    private static Path file(Path dir, String runId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(runId.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
