package io.kaskade.trigger.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.service.store.CompactedStores;
import io.kaskade.service.store.FollowedTable;
import io.kaskade.trigger.api.TriggerException;
import io.kaskade.trigger.config.TriggerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * Remembers which deliveries (webhook deliveries, polled commits) already started a run, in the
 * compacted topic {@code kaskade.trigger-deliveries}, so that a forge's redelivery, a retry after a
 * timeout, or a second replica seeing the same commit starts nothing new and answers the same run id.
 *
 * <p>The run id is derived from the delivery key, not drawn at random. That closes the gap between
 * publishing {@code SourceChanged} and recording the delivery: a crash there makes the redelivery
 * publish again, but with the same run id, which every stage already deduplicates on.
 */
@ApplicationScoped
public class DeliveryLog {

    /** What a delivery led to. */
    public record Delivery(String runId, Instant received) {}

    /** The answer of {@link #once}: the run id, and whether this delivery was seen before. */
    public record Outcome(String runId, boolean redelivery) {}

    private static final int STRIPES = 64;

    private final FollowedTable<Delivery> table;
    private final Object[] stripes = new Object[STRIPES];

    public DeliveryLog(TriggerConfig config, ObjectMapper mapper, CompactedStores stores) {
        this.table = stores.follow(config.topics().deliveries(), Delivery.class, mapper, Duration.ofSeconds(120));
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** The run id a delivery key always maps to (a name-based UUID). */
    public static String runIdFor(String deliveryKey) {
        return UUID.nameUUIDFromBytes(("kaskade-delivery:" + deliveryKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * Runs {@code start} with the delivery's run id unless the delivery was seen before. A failure that
     * already has a run id (a broken config, published as StageFailed) counts as seen: redelivering the
     * same commit would fail the same way.
     */
    public Outcome once(String deliveryKey, Function<String, String> start) {
        // Concurrent redeliveries to this replica wait for the first one instead of racing it.
        synchronized (stripes[Math.floorMod(deliveryKey.hashCode(), STRIPES)]) {
            var seen = table.get(deliveryKey);
            if (seen.isPresent()) {
                return new Outcome(seen.get().runId(), true);
            }
            String runId = runIdFor(deliveryKey);
            try {
                start.apply(runId);
            } catch (TriggerException e) {
                if (e.runId() != null) {
                    table.put(deliveryKey, new Delivery(runId, Instant.now()));
                }
                throw e;
            }
            table.put(deliveryKey, new Delivery(runId, Instant.now()));
            return new Outcome(runId, false);
        }
    }

    @PreDestroy
    void close() {
        table.close();
    }
}
