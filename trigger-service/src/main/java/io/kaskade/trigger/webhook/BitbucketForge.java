package io.kaskade.trigger.webhook;

import java.util.Locale;
import java.util.Optional;

/**
 * Bitbucket Cloud: {@code X-Event-Key} ({@code repo:push}; {@code diagnostics:ping} as Bitbucket Server's
 * test delivery), {@code X-Request-UUID} per delivery (repeated on a redelivery; {@code X-Hook-UUID} names
 * the webhook, not the delivery, so it is only a fallback), and {@code X-Hub-Signature: sha256=HEX}, an
 * HMAC-SHA256 of the raw body with the webhook secret. The payload's {@code push.changes[].new} carries the
 * ref and commit ({@link PushPayload#normalized()}).
 */
public final class BitbucketForge implements Forge {

    @Override
    public String name() {
        return "bitbucket";
    }

    @Override
    public boolean sent(WebhookHeaders headers) {
        return headers.get("X-Event-Key").isPresent();
    }

    @Override
    public String eventType(WebhookHeaders headers) {
        return headers.get("X-Event-Key").orElse("");
    }

    @Override
    public EventKind kind(String eventType) {
        return switch (eventType.toLowerCase(Locale.ROOT)) {
            case "diagnostics:ping" -> EventKind.PING;
            case "repo:push" -> EventKind.PUSH;
            default -> EventKind.OTHER;
        };
    }

    @Override
    public Optional<String> deliveryId(WebhookHeaders headers) {
        return headers.first("X-Request-UUID", "X-Hook-UUID");
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
        return "X-Hub-Signature";
    }
}
