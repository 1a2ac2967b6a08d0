package io.kaskade.cdevents.in;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.cdevents.CdEventType;
import io.kaskade.cdevents.CdEventsConfig;
import io.kaskade.model.event.CloudEventHeaders;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.RunRequested;
import io.kaskade.service.messaging.Channels;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Turns an incoming CDEvent into a run request. Only {@code dev.cdevents.change.merged} and
 * {@code dev.cdevents.repository.modified} (any 0.x version) for a registered repository start a run;
 * every other event is ignored with a reason, because a CDEvents sink receives everything its
 * producers emit. The HTTP endpoint and the {@code kaskade.cdevents-in} topic both come here.
 *
 * <p>The request id is derived from the CDEvent's {@code context.source} and {@code context.id}, so
 * a CDEvent delivered twice asks for the same run twice and the trigger starts it once.
 */
@ApplicationScoped
public class CdEventIntake {

    /** What became of an incoming CDEvent: a run request, or the reason it starts nothing. */
    public record Outcome(String requestId, String repository, String ignored) {
        static Outcome ignored(String reason) {
            return new Outcome(null, null, reason);
        }

        public boolean accepted() {
            return requestId != null;
        }
    }

    private static final Logger LOG = Logger.getLogger(CdEventIntake.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final CdEventsConfig config;
    private final RegisteredRepositories repositories;
    private final MutinyEmitter<byte[]> runRequested;

    public CdEventIntake(
            CdEventsConfig config,
            RegisteredRepositories repositories,
            @Channel(Channels.RUN_REQUESTED) MutinyEmitter<byte[]> runRequested) {
        this.config = config;
        this.repositories = repositories;
        this.runRequested = runRequested;
    }

    /**
     * Reads {@code cdEvent} and, when it asks for a run, publishes a RunRequested and waits for the ack.
     *
     * @throws InvalidCdEventException when it is not a CDEvent: no context id, source or type, or no subject
     */
    public Outcome accept(JsonNode cdEvent) {
        if (cdEvent == null || !cdEvent.isObject()) {
            throw new InvalidCdEventException("a CDEvent is a JSON object with 'context' and 'subject'");
        }
        JsonNode context = cdEvent.path("context");
        String id = text(context, "id", "context.id");
        String source = text(context, "source", "context.source");
        String type = text(context, "type", "context.type");
        JsonNode subject = cdEvent.path("subject");
        if (!subject.isObject()) {
            throw new InvalidCdEventException("CDEvent " + id + " has no 'subject' object");
        }
        CdEventType known = CdEventType.of(type).orElse(null);
        List<String> names = new ArrayList<>();
        if (known == CdEventType.CHANGE_MERGED) {
            JsonNode repository = subject.path("content").path("repository");
            addJoined(
                    names,
                    repository.path("source").asText(null),
                    repository.path("id").asText(null));
            addName(names, repository.path("id").asText(null));
        } else if (known == CdEventType.REPOSITORY_MODIFIED) {
            JsonNode content = subject.path("content");
            addName(names, content.path("uri").asText(null));
            addName(names, content.path("viewUrl").asText(null));
            addJoined(
                    names,
                    subject.path("source").asText(null),
                    subject.path("id").asText(null));
            addJoined(
                    names,
                    content.path("owner").asText(null),
                    content.path("name").asText(null));
            addName(names, subject.path("id").asText(null));
        } else {
            return Outcome.ignored(
                    "CDEvent type '" + type + "' starts no run; only " + CdEventType.CHANGE_MERGED.unversioned()
                            + " and " + CdEventType.REPOSITORY_MODIFIED.unversioned() + " do");
        }
        if (names.isEmpty()) {
            throw new InvalidCdEventException("CDEvent " + id + " (" + type + ") names no repository");
        }
        RegisteredRepositories.Match match = repositories.match(names);
        if (!match.found()) {
            LOG.infof("CDEvent %s from %s ignored: %s", id, source, match.problem());
            return Outcome.ignored(match.problem());
        }
        String requestId = UUID.nameUUIDFromBytes(("cdevents\n" + source + "\n" + id).getBytes(StandardCharsets.UTF_8))
                .toString();
        RunRequested request = RunRequested.of(
                requestId, match.repository(), null, null, List.of(), Map.of("CDEVENT_TYPE", type, "CDEVENT_ID", id));
        publish(request);
        LOG.infof(
                "CDEvent %s (%s) from %s: run requested for %s as %s", id, type, source, match.repository(), requestId);
        return new Outcome(requestId, match.repository(), null);
    }

    private void publish(RunRequested request) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.of(request, config.source())
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        // Keyed by repository: the trigger handles one repository's requests in order.
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(request.repository())
                .withHeaders(headers)
                .build();
        runRequested
                .sendMessage(Message.of(EventCodec.encode(request)).addMetadata(metadata))
                .await()
                .atMost(ACK_TIMEOUT);
    }

    private static String text(JsonNode node, String field, String name) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidCdEventException("CDEvent has no " + name + " (a non-empty string)");
        }
        return value.asText();
    }

    private static void addName(List<String> names, String name) {
        if (name != null && !name.isBlank()) {
            names.add(name);
        }
    }

    private static void addJoined(List<String> names, String prefix, String name) {
        if (prefix != null && !prefix.isBlank() && name != null && !name.isBlank()) {
            names.add(prefix.replaceAll("/+$", "") + "/" + name.replaceAll("^/+", ""));
        }
    }
}
