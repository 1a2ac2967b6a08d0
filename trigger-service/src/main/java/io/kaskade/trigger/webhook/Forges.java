package io.kaskade.trigger.webhook;

import java.util.List;
import java.util.Optional;

/** The one place that tells which forge sent a webhook. Order matters: Gitea also sends GitHub's header;
 * Bitbucket's {@code X-Event-Key} is looked at last. */
public final class Forges {

    private static final List<Forge> FORGES =
            List.of(new GitLabForge(), new GiteaForge(), new GitHubForge(), new BitbucketForge());

    private Forges() {}

    public static Optional<Forge> of(WebhookHeaders headers) {
        return FORGES.stream().filter(f -> f.sent(headers)).findFirst();
    }
}
