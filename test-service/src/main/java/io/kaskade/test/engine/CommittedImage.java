package io.kaskade.test.engine;

/** An image committed from a container after a setup command, and that command's outcome. */
public record CommittedImage(String imageId, ProcessOutcome outcome) {}
