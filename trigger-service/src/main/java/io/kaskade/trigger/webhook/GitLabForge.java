package io.kaskade.trigger.webhook;

import java.util.Optional;

/**
 * GitLab: {@code X-Gitlab-Event} ({@code Push Hook}, {@code Tag Push Hook}, ...), {@code
 * X-Gitlab-Event-UUID}, and {@code X-Gitlab-Token}, the secret itself sent as a header (GitLab does
 * not sign the body), compared in constant time.
 */
public final class GitLabForge implements Forge {

    @Override
    public String name() {
        return "gitlab";
    }

    @Override
    public boolean sent(WebhookHeaders headers) {
        return headers.get("X-Gitlab-Event").isPresent();
    }

    @Override
    public String eventType(WebhookHeaders headers) {
        return headers.get("X-Gitlab-Event").orElse("");
    }

    @Override
    public EventKind kind(String eventType) {
        return switch (eventType) {
            case "Push Hook", "Tag Push Hook" -> EventKind.PUSH;
            default -> EventKind.OTHER;
        };
    }

    @Override
    public Optional<String> deliveryId(WebhookHeaders headers) {
        return headers.get("X-Gitlab-Event-UUID");
    }

    @Override
    public boolean verify(WebhookHeaders headers, byte[] body, String secret) {
        return headers.get(signatureHeader())
                .map(token -> Signatures.equalInConstantTime(secret, token))
                .orElse(false);
    }

    @Override
    public String signatureHeader() {
        return "X-Gitlab-Token";
    }
}
