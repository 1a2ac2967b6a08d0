package io.kaskade.cdevents;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One CDEvent as the bridge emits it: the context, and a subject with its type-specific content.
 *
 * @param type the event type
 * @param id the {@code context.id}; derived from the Kaskade event it reports (see {@link #idFor}), so a
 *     redelivered Kaskade event yields the same CDEvent id and consumers can deduplicate
 * @param source the {@code context.source}
 * @param timestamp when the reported fact happened
 * @param chainId the Kaskade run id: every CDEvent of one run shares it ({@code context.chainId})
 * @param subjectId the {@code subject.id}
 * @param content the {@code subject.content}, shaped as the type's schema says
 */
public record CdEvent(
        CdEventType type,
        String id,
        String source,
        Instant timestamp,
        String chainId,
        String subjectId,
        ObjectNode content) {

    public CdEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(subjectId, "subjectId");
        content = content == null ? JsonNodeFactory.instance.objectNode() : content;
    }

    /** A stable CDEvent id for {@code type} about {@code subjectId}, reported from the Kaskade event {@code eventId}. */
    public static String idFor(String eventId, CdEventType type, String subjectId) {
        return UUID.nameUUIDFromBytes(
                        (eventId + "\n" + type.type() + "\n" + subjectId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The CDEvent as JSON: the CloudEvent data in binary mode, or the whole event over HTTP. */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode context = root.putObject("context");
        context.put("specversion", CdEventType.SPEC_VERSION);
        context.put("id", id);
        context.put("source", source);
        context.put("type", type.type());
        context.put("timestamp", timestamp.toString());
        if (chainId != null) {
            context.put("chainId", chainId);
        }
        ObjectNode subject = root.putObject("subject");
        subject.put("id", subjectId);
        subject.set("content", content.deepCopy());
        return root;
    }
}
