package io.kaskade.trigger.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a webhook delivery. {@code runId} is present only when the delivery started a run
 * (or is a redelivery of one that did), so a forge's delivery log shows at a glance what happened.
 *
 * @param status {@code started}, {@code redelivery}, {@code pong} or {@code ignored}
 * @param reason why nothing was started, for {@code ignored}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookAnswer(String status, String runId, String reason) {

    static WebhookAnswer ignored(String reason) {
        return new WebhookAnswer("ignored", null, reason);
    }
}
