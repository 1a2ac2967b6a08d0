package io.kaskade.trigger.webhook;

import java.util.Optional;

/**
 * One git forge's webhook conventions: how it names the event, the delivery and the signature.
 *
 * <p>Contract: {@link #verify} is the only authentication a webhook has (webhooks carry no API token),
 * so it must compare in constant time and answer {@code false} for a missing header.
 */
public interface Forge {

    /** What a delivery asks for. */
    enum EventKind {
        PING,
        PUSH,
        OTHER
    }

    /** The forge's name, for answers and logs. */
    String name();

    /** Whether the request's headers are this forge's. */
    boolean sent(WebhookHeaders headers);

    /** The forge's own event type name, e.g. {@code push} or {@code Push Hook}. */
    String eventType(WebhookHeaders headers);

    /** What {@link #eventType} means to Kaskade. */
    EventKind kind(String eventType);

    /** The id the forge gives a delivery and repeats when it redelivers it. */
    Optional<String> deliveryId(WebhookHeaders headers);

    /** Whether the request is signed with {@code secret} (over the raw {@code body} where the forge signs it). */
    boolean verify(WebhookHeaders headers, byte[] body, String secret);

    /** The header that carries the signature, to name it when it is wrong. */
    String signatureHeader();
}
