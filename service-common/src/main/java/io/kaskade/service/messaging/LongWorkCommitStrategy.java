package io.kaskade.service.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.commit.KafkaThrottledLatestProcessedCommit;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * SmallRye's {@code throttled} commit strategy (offsets committed only up to the last record whose
 * work is done, so a crash redelivers unfinished work) without its one fatal reaction: when a
 * record waits longer than {@code throttled.unprocessed-record-max-age.ms} while this service is
 * working, the consumer is not closed.
 *
 * <p>Why: the age check is meant to catch a consumer that stopped processing. A build or a status
 * check legitimately takes longer than any age that would catch that quickly, and records queue
 * behind the bounded workers meanwhile; with plain {@code throttled} the first long build made the
 * service stop consuming for good. Each unit of work has its own limit (build timeouts, status-check
 * deadlines), so while work is running ({@link WorkInProgress}) an old record is logged, not fatal.
 * When nothing is running, an old record still means a stuck consumer and is reported as before.
 *
 * <p>Use it with {@code mp.messaging.incoming.<channel>.commit-strategy=kaskade-long-work}; the
 * {@code throttled.*} settings apply unchanged.
 */
@ApplicationScoped
@Identifier(LongWorkCommitStrategy.NAME)
public class LongWorkCommitStrategy implements KafkaCommitHandler.Factory {

    public static final String NAME = "kaskade-long-work";

    private static final Logger LOG = Logger.getLogger(LongWorkCommitStrategy.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final WorkInProgress work;
    private final KafkaThrottledLatestProcessedCommit.Factory throttled =
            new KafkaThrottledLatestProcessedCommit.Factory();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public LongWorkCommitStrategy(WorkInProgress work) {
        this.work = work;
    }

    @Override
    public KafkaCommitHandler create(
            KafkaConnectorIncomingConfiguration config,
            Vertx vertx,
            KafkaConsumer<?, ?> consumer,
            BiConsumer<Throwable, Boolean> reportFailure) {
        return throttled.create(config, vertx, consumer, (failure, fatal) -> {
            if (failure instanceof KafkaThrottledLatestProcessedCommit.TooManyMessagesWithoutAckException
                    && work.busy()) {
                long now = System.nanoTime();
                long last = lastLogged.get();
                if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
                    LOG.infof(
                            "channel %s: a record waits for long work to finish (%s); the consumer keeps running",
                            config.getChannel(), failure.getMessage());
                }
                return;
            }
            reportFailure.accept(failure, fatal);
        });
    }
}
