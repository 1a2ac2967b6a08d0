package io.kaskade.trigger;

import java.util.List;

/** The answer to an accepted run: where to follow it. */
public record RunAccepted(
        String runId, String repository, String ref, String commit, List<String> profiles, List<String> artifacts) {}
