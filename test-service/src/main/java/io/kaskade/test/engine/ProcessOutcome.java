package io.kaskade.test.engine;

/**
 * What a command in a container did.
 *
 * @param timedOut whether it was killed for running longer than its timeout
 */
public record ProcessOutcome(String stdout, String stderr, int exitCode, boolean timedOut) {}
