package io.kaskade.build.log;

import java.time.Instant;

/**
 * One line of a build's output on {@code kaskade.build-log}, keyed by run id so a run's lines stay in
 * order on one partition. Watchers (the CLI, a UI) follow a build live with it; it is a stream of
 * output, not a pipeline event, so it carries no CloudEvents envelope.
 *
 * @param runId the run the build belongs to
 * @param artifact the artifact's image name
 * @param line the output line, without line break
 * @param time when the build-service read the line
 */
public record BuildLogLine(String runId, String artifact, String line, Instant time) {}
