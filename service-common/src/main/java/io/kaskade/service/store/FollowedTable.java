package io.kaskade.service.store;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A {@link CompactedStore} mirrored in memory and kept following the topic, for state several replicas share
 * and read often (the trigger's deliveries, registered repositories, poll state): a value written by one replica
 * is seen by the others within a poll, and by the writer at once.
 *
 * <p>Bound: the mirror holds one entry per live key of the topic, i.e. exactly what the topic holds after
 * compaction; callers that add keys for ever must also remove them.
 *
 * @param <V> a Jackson-serialisable record
 */
public final class FollowedTable<V> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FollowedTable.class);

    private final CompactedStore<V> store;
    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread follower;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Duration catchUp;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    /**
     * Reads the store's topic to its end and keeps following it.
     *
     * @param catchUp how long to wait for the first read before giving up
     * @throws IllegalStateException when the topic cannot be read in time
     */
    public FollowedTable(CompactedStore<V> store, Duration catchUp) {
        this.store = store;
        this.catchUp = catchUp;
        this.consumer = TopicReader.consumer(store.bootstrapServers());
        this.follower = new Thread(this::follow, "followed-table-" + store.topic());
        this.follower.setDaemon(true);
        this.follower.start();
        awaitCaughtUp();
    }

    /** The value stored under {@code key}, as far as this replica has read. */
    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A snapshot of every key and value. */
    public Map<String, V> all() {
        return Map.copyOf(values);
    }

    /** Stores {@code value} under {@code key}; returns once the brokers have it. */
    public void put(String key, V value) {
        store.put(key, value);
        values.put(key, value);
    }

    /** Removes {@code key}. */
    public void remove(String key) {
        store.remove(key);
        values.remove(key);
    }

    private void follow() {
        try {
            Map<TopicPartition, Long> ends = store.reader().assignFromStart(consumer, catchUp);
            while (!closed) {
                // Asked before each poll, the first included: an empty topic (a fresh stack) is caught up at once
                // instead of after a poll that waits its full 500 ms for records that do not exist.
                if (caughtUp.getCount() > 0 && TopicReader.reached(consumer, ends)) {
                    caughtUp.countDown();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    store.reader().apply(record, values);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            failure = e;
            caughtUp.countDown();
            LOG.errorf(e, "stopped following %s", store.topic());
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void awaitCaughtUp() {
        try {
            if (!caughtUp.await(catchUp.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException(
                        "did not read " + store.topic() + " from " + store.bootstrapServers() + " within " + catchUp);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + store.topic(), e);
        }
        if (failure != null) {
            throw new IllegalStateException("cannot read " + store.topic() + ": " + failure.getMessage(), failure);
        }
    }

    /** Stops following and closes the store. */
    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            follower.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
