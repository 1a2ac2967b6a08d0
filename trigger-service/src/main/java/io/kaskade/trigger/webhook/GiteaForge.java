package io.kaskade.trigger.webhook;

import java.util.Locale;
import java.util.Optional;

/**
 * Gitea and Forgejo: {@code X-Gitea-Event} (Forgejo also sends {@code X-Forgejo-*}), {@code
 * X-Gitea-Delivery}, and {@code X-Gitea-Signature: HEX}, an HMAC-SHA256 of the raw body without a
 * prefix. Checked before GitHub because Gitea also sends GitHub's event header for compatibility,
 * without GitHub's signature.
 */
public final class GiteaForge implements Forge {

    @Override
    public String name() {
        return "gitea";
    }

    @Override
    public boolean sent(WebhookHeaders headers) {
        return headers.first("X-Gitea-Event", "X-Forgejo-Event").isPresent();
    }

    @Override
    public String eventType(WebhookHeaders headers) {
        return headers.first("X-Gitea-Event", "X-Forgejo-Event").orElse("");
    }

    @Override
    public EventKind kind(String eventType) {
        return "push".equals(eventType.toLowerCase(Locale.ROOT)) ? EventKind.PUSH : EventKind.OTHER;
    }

    @Override
    public Optional<String> deliveryId(WebhookHeaders headers) {
        return headers.first("X-Gitea-Delivery", "X-Forgejo-Delivery");
    }

    @Override
    public boolean verify(WebhookHeaders headers, byte[] body, String secret) {
        return headers.first("X-Gitea-Signature", "X-Forgejo-Signature")
                .map(sig -> Signatures.equalInConstantTime(
                        Signatures.hmacSha256Hex(secret, body), sig.toLowerCase(Locale.ROOT)))
                .orElse(false);
    }

    @Override
    public String signatureHeader() {
        return "X-Gitea-Signature";
    }
}
