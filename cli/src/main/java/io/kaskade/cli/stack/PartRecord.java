package io.kaskade.cli.stack;

import java.nio.file.Path;

/**
 * A process {@code kaskade up} started, as written to {@code $KASKADE_HOME/pids/<part>.pid}.
 *
 * @param part the part's name, e.g. {@code kafka} or {@code trigger-service}
 * @param pid the process id
 * @param marker a string its command line contains; {@code down} checks it so a reused pid is never killed
 * @param address where the part answers, e.g. {@code 127.0.0.1:9092}
 * @param log the file its output goes to
 */
public record PartRecord(String part, long pid, String marker, String address, Path log) {}
