package io.kaskade.trigger.webhook;

import java.util.Locale;
import java.util.Optional;

/**
 * GitHub: {@code X-GitHub-Event}, {@code X-GitHub-Delivery}, and {@code X-Hub-Signature-256:
 * sha256=HEX}, an HMAC-SHA256 of the raw body with the webhook secret. The older SHA-1
 * {@code X-Hub-Signature} is not accepted.
 */
public final class GitHubForge implements Forge {

    @Override
    public String name() {
        return "github";
    }

    @Override
    public boolean sent(WebhookHeaders headers) {
        return headers.get("X-GitHub-Event").isPresent();
    }

    @Override
    public String eventType(WebhookHeaders headers) {
        return headers.get("X-GitHub-Event").orElse("");
    }

    @Override
    public EventKind kind(String eventType) {
        return switch (eventType.toLowerCase(Locale.ROOT)) {
            case "ping" -> EventKind.PING;
            case "push" -> EventKind.PUSH;
            default -> EventKind.OTHER;
        };
    }

    @Override
    public Optional<String> deliveryId(WebhookHeaders headers) {
        return headers.get("X-GitHub-Delivery");
    }

    @Override
    public boolean verify(WebhookHeaders headers, byte[] body, String secret) {
        return headers.get(signatureHeader())
                .map(sig -> Signatures.equalInConstantTime(
                        "sha256=" + Signatures.hmacSha256Hex(secret, body), sig.toLowerCase(Locale.ROOT)))
                .orElse(false);
    }

    @Override
    public String signatureHeader() {
        return "X-Hub-Signature-256";
    }
}
