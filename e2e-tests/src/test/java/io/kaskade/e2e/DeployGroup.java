package io.kaskade.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.EventCodec;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StructureTested;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;

/**
 * A consumer group of packaged deploy-service processes of its own, on the shared embedded broker:
 * its own {@code StructureTested} input topic (three partitions), consumer group and run state topic,
 * so neither other tests' events nor their committed offsets reach it. {@code Deployed} goes to the
 * real {@code kaskade.deployed}, where every test finds its runs by run id.
 */
final class DeployGroup implements AutoCloseable {

    static final int PARTITIONS = 3;
    static final String DEPLOYED_TOPIC = "kaskade.deployed";
    private static final String TEST_SERVICE = "/kaskade/test-service";

    final String inputTopic;
    final String group;
    final String stateTopic;
    private final String bootstrap;
    private final EventProbe probe;
    private final Path root;
    private final Path work;
    private final Map<String, String> extraProperties;
    private final List<ServiceProcess> instances = new ArrayList<>();

    DeployGroup(String name, Map<String, String> extraProperties) throws IOException {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.inputTopic = "durability-structure-tested-" + id;
        this.group = "durability-deploy-" + id;
        this.stateTopic = "durability-deploy-runs-" + id;
        this.bootstrap = KafkaBroker.bootstrapServers();
        this.probe = new EventProbe(bootstrap);
        this.root = Path.of(System.getProperty("kaskade.root", ".."))
                .toAbsolutePath()
                .normalize();
        this.work = Files.createTempDirectory("durability-" + id);
        this.extraProperties = extraProperties;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(inputTopic, PARTITIONS, (short) 1)))
                    .all()
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("could not create " + inputTopic + ": " + e, e);
        }
    }

    /** Starts one more deploy-service instance in the group; its Kafka client id is {@code name}. */
    ServiceProcess start(String name) throws IOException {
        Map<String, String> props = new HashMap<>(extraProperties);
        props.put("mp.messaging.incoming.structure-tested.topic", inputTopic);
        props.put("mp.messaging.incoming.structure-tested.group.id", group);
        props.put("mp.messaging.incoming.structure-tested.client.id", name);
        // Find a killed instance gone within seconds, not the 45 s default; the broker's minimum is 6 s.
        props.put("mp.messaging.incoming.structure-tested.session.timeout.ms", "6000");
        props.put("mp.messaging.incoming.structure-tested.heartbeat.interval.ms", "1000");
        props.put("kaskade.deploy.runs.topic", stateTopic);
        ServiceProcess service = ServiceProcess.start(root, "deploy-service", bootstrap, work.resolve(name), props);
        instances.add(service);
        return service;
    }

    void publish(StructureTested event) {
        probe.publish(inputTopic, event, TEST_SERVICE);
    }

    /** The partition of the input topic the run's events go to: the producer's default, by the run id key. */
    static int partitionOf(String runId) {
        return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** A run id whose events land on one of {@code partitions}. */
    static String runIdOn(List<Integer> partitions) {
        while (true) {
            String runId = "run-" + UUID.randomUUID();
            if (partitions.contains(partitionOf(runId))) {
                return runId;
            }
        }
    }

    /** Waits until every instance named has partitions of the input topic, and returns them by instance name. */
    Map<String, List<Integer>> awaitAssigned(List<String> names) {
        Map<String, List<Integer>> out = new HashMap<>();
        Awaitility.await("partitions of " + inputTopic + " assigned to each of " + names)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    out.clear();
                    try (Admin admin = admin()) {
                        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                                .all()
                                .get()
                                .get(group);
                        for (MemberDescription member : description.members()) {
                            List<Integer> partitions = member.assignment().topicPartitions().stream()
                                    .filter(p -> p.topic().equals(inputTopic))
                                    .map(TopicPartition::partition)
                                    .sorted()
                                    .toList();
                            names.stream()
                                    .filter(n -> member.clientId().startsWith(n))
                                    .findFirst()
                                    .ifPresent(n -> out.put(n, partitions));
                        }
                    }
                    int assigned = out.values().stream().mapToInt(List::size).sum();
                    return out.keySet().containsAll(names)
                            && out.values().stream().noneMatch(List::isEmpty)
                            && assigned == PARTITIONS;
                });
        return out;
    }

    /** The run's latest record on the run state topic, if any. */
    Optional<JsonNode> state(String runId) {
        // Reading a topic that does not exist yet would auto-create it without compaction, before the
        // service creates it compacted.
        try (Admin admin = admin()) {
            if (!admin.listTopics().names().get().contains(stateTopic)) {
                return Optional.empty();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("could not list topics: " + e, e);
        }
        JsonNode latest = null;
        for (EventProbe.Received r : probe.readAll(stateTopic)) {
            if (runId.equals(r.key())) {
                latest = r.value() == null ? null : read(r.value());
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Waits until the run's stored state has {@code status} (and, when given, this many images). */
    JsonNode awaitState(String runId, String status, int images) {
        List<JsonNode> found = new ArrayList<>();
        Awaitility.await("run " + runId + " stored as " + status)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Optional<JsonNode> state = state(runId);
                    if (state.isPresent()
                            && status.equals(state.get().path("status").asText())
                            && state.get().path("images").size() == images) {
                        found.add(state.get());
                        return true;
                    }
                    return false;
                });
        return found.get(0);
    }

    /** Every {@code Deployed} for the run on {@code kaskade.deployed}. */
    List<Deployed> deployed(String runId) {
        return probe.readAll(DEPLOYED_TOPIC).stream()
                .filter(r -> runId.equals(r.key()))
                .map(EventProbe.Received::event)
                .filter(Deployed.class::isInstance)
                .map(Deployed.class::cast)
                .toList();
    }

    /** Waits for the run's first {@code Deployed}; a {@code StageFailed} for it fails the test with its message. */
    Deployed awaitDeployed(String runId, Duration timeout) {
        List<Deployed> out = new ArrayList<>();
        Awaitility.await("Deployed for run " + runId)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    for (EventProbe.Received r : probe.readAll(DEPLOYED_TOPIC, "kaskade.stage-failed")) {
                        if (!runId.equals(r.key())) {
                            continue;
                        }
                        if (r.event() instanceof StageFailed failed) {
                            throw new AssertionError(
                                    "run " + runId + " failed instead of deploying: " + failed + "\n" + logs());
                        }
                        out.add((Deployed) r.event());
                        return true;
                    }
                    return false;
                });
        return out.get(0);
    }

    /**
     * Waits until the group has committed every record of the input topic. A record is acknowledged
     * only when its effect is stored and, for a run's completing event, the deploy is finished; so
     * after this nothing of those records is still under way, and a duplicate would already show.
     */
    void awaitAllConsumed() {
        Awaitility.await(group + " committed all of " + inputTopic)
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try (Admin admin = admin()) {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                        for (int p = 0; p < PARTITIONS; p++) {
                            latest.put(new TopicPartition(inputTopic, p), OffsetSpec.latest());
                        }
                        return admin.listOffsets(latest).all().get().entrySet().stream()
                                .allMatch(e -> e.getValue().offset() == 0
                                        || (committed.get(e.getKey()) != null
                                                && committed.get(e.getKey()).offset()
                                                        >= e.getValue().offset()));
                    }
                });
    }

    /** The last log lines of every instance, for failure messages. */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess instance : instances) {
            out.append("--- ")
                    .append(instance)
                    .append(instance.alive() ? " (alive)" : " (dead)")
                    .append('\n')
                    .append(instance.tail())
                    .append('\n');
        }
        return out.toString();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static JsonNode read(byte[] value) {
        try {
            return EventCodec.mapper().readTree(value);
        } catch (IOException e) {
            throw new AssertionError("unreadable run state: " + new String(value, StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public void close() {
        instances.forEach(ServiceProcess::close);
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(inputTopic, stateTopic)).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Best effort: the topics belong to this test alone and the broker is gone with the JVM.
        }
    }
}
