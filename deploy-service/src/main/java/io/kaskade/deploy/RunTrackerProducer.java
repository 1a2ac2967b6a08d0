package io.kaskade.deploy;

import io.kaskade.deploy.config.DeployServiceConfig;
import io.kaskade.deploy.run.DeployedRecords;
import io.kaskade.deploy.run.KafkaRunStore;
import io.kaskade.deploy.run.PartitionWork;
import io.kaskade.deploy.run.RunState;
import io.kaskade.deploy.run.RunStore;
import io.kaskade.deploy.run.RunTracker;
import io.kaskade.model.event.EventCodec;
import io.kaskade.service.store.CompactedStores;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the plain-Java run bookkeeping ({@link RunTracker}, its Kafka {@link RunStore},
 * {@link PartitionWork}, {@link DeployedRecords}) beans, configured from {@code kaskade.deploy.runs}
 * and the service's Kafka settings.
 */
public class RunTrackerProducer {

    @Produces
    @Singleton
    KafkaRunStore runStore(DeployServiceConfig config, CompactedStores stores) {
        return new KafkaRunStore(stores.open(config.runs().topic(), RunState.class, EventCodec.mapper()));
    }

    void closeRunStore(@Disposes KafkaRunStore store) {
        store.close();
    }

    @Produces
    @Singleton
    RunTracker runTracker(DeployServiceConfig config, KafkaRunStore store) {
        DeployServiceConfig.Runs runs = config.runs();
        return new RunTracker(store, runs.maxFinished(), runs.pendingTimeout(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    PartitionWork partitionWork() {
        return new PartitionWork();
    }

    @Produces
    @Singleton
    DeployedRecords deployedRecords(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "mp.messaging.outgoing.deployed.topic") String deployedTopic) {
        return new DeployedRecords(bootstrapServers, deployedTopic);
    }
}
