package io.kaskade.deploy;

import io.kaskade.deploy.config.DeployServiceConfig;
import io.kaskade.deploy.run.PartitionWork;
import io.kaskade.deploy.run.RunTracker;
import io.quarkus.runtime.Quarkus;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Hands runs over between deploy-service instances when the consumer group rebalances
 * {@code kaskade.structure-tested}. Kafka calls it on the polling thread, before any record of a
 * newly assigned partition is fetched and before a revoked partition is given to someone else.
 *
 * <ul>
 *   <li><b>Assigned:</b> reload every run's stored state, so the artifacts that passed while the
 *       partition was another instance's (or before this process restarted) are known before their
 *       run's remaining events arrive.</li>
 *   <li><b>Revoked:</b> stop starting records of the partition and wait for the ones under way, a
 *       deploy included, so their state is stored before the new owner reads it. The wait is
 *       bounded by {@code kaskade.deploy.runs.handover-timeout}, which must stay below the
 *       consumer's {@code max.poll.interval.ms}, or the group would drop this instance.</li>
 *   <li><b>Lost</b> (this instance was dropped from the group): stop starting their records.</li>
 * </ul>
 *
 * A process killed with {@code kill -9} runs none of this; the group gives its partitions to the
 * others after the session timeout, and they reload the stored states.
 */
@ApplicationScoped
@Identifier(RunHandover.NAME)
public class RunHandover implements KafkaConsumerRebalanceListener {

    /** The name {@code application.properties} gives as the channel's {@code consumer-rebalance-listener.name}. */
    public static final String NAME = "deploy-run-handover";

    private static final Logger LOG = Logger.getLogger(RunHandover.class);
    private static final Duration RELOAD_RETRY = Duration.ofSeconds(2);

    private final RunTracker tracker;
    private final PartitionWork work;
    private final DeployServiceConfig config;

    public RunHandover(RunTracker tracker, PartitionWork work, DeployServiceConfig config) {
        this.tracker = tracker;
        this.work = work;
        this.config = config;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        reloadOrStop(partitions);
        work.assign(numbers(partitions));
        LOG.infof("assigned %s", partitions);
    }

    /**
     * Without the stored states this instance would store a run with only the artifacts it sees
     * from now on, overwriting the artifacts that passed earlier; so it keeps trying for the
     * hand-over timeout and then stops the process, and the group gives the partitions to an
     * instance that can read the store.
     */
    private void reloadOrStop(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + config.runs().handoverTimeout().toNanos();
        while (true) {
            try {
                tracker.reload();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    LOG.errorf(e, "cannot read the run state topic for %s; stopping the service", partitions);
                    Quarkus.asyncExit(1);
                    throw e;
                }
                LOG.warnf("cannot read the run state topic yet (%s); trying again", e.getMessage());
                try {
                    Thread.sleep(RELOAD_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        if (!work.revoke(numbers(partitions), config.runs().handoverTimeout())) {
            LOG.warnf(
                    "partitions %s were revoked while a deploy still ran after %s; the new owner may deploy "
                            + "the same run again",
                    partitions, config.runs().handoverTimeout());
        }
        LOG.infof("revoked %s", partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        work.lose(numbers(partitions));
        LOG.warnf("lost %s", partitions);
    }

    private static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }
}
