package io.kaskade.e2e.chaos;

import io.kaskade.e2e.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * The whole pipeline as processes on a broker process of its own: the packaged trigger-, build-,
 * test-, deploy- and monitor-service, any number of named instances of each, which the cases kill
 * with SIGKILL and start again.
 */
final class ChaosStack implements AutoCloseable {

    /** A Kaskade service, its consumer group and the topics that group reads. */
    enum Service {
        TRIGGER("trigger-service", "run-requested", "kaskade-trigger-service", List.of(EventLog.RUN_REQUESTED)),
        BUILD("build-service", "source-changed", "kaskade-build-service", List.of(EventLog.SOURCE_CHANGED)),
        TEST("test-service", "image-pushed", "kaskade-test-service", List.of(EventLog.IMAGE_PUSHED)),
        DEPLOY("deploy-service", "structure-tested", "kaskade-deploy-service", List.of(EventLog.STRUCTURE_TESTED)),
        /** Not a SmallRye channel: its consumer is hand-made, with Kafka's default session timeout. */
        MONITOR(
                "monitor-service",
                null,
                "monitor-service",
                List.of(
                        EventLog.SOURCE_CHANGED,
                        EventLog.STAGE_STARTED,
                        EventLog.IMAGE_PUSHED,
                        EventLog.STRUCTURE_TESTED,
                        EventLog.DEPLOYED,
                        EventLog.STAGE_FAILED));

        final String module;
        final String channel;
        final String group;
        final List<String> inputs;

        Service(String module, String channel, String group, List<String> inputs) {
            this.module = module;
            this.channel = channel;
            this.group = group;
            this.inputs = inputs;
        }
    }

    private final Path root;
    private final Path work;
    private final BrokerProcess broker;
    private final EventLog log;
    private final Map<String, ServiceProcess> running = new LinkedHashMap<>();
    private final Map<String, Service> services = new HashMap<>();
    private final List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
    private int starts;

    private ChaosStack(Path root, Path work, BrokerProcess broker, EventLog log) {
        this.root = root;
        this.work = work;
        this.broker = broker;
        this.log = log;
    }

    /** The broker, the event log, and one instance of each service (named after the service, e.g. {@code build-a}). */
    static ChaosStack start(Path root) throws IOException {
        Path work = Files.createTempDirectory("kaskade-chaos");
        BrokerProcess broker = BrokerProcess.start(root, work.resolve("broker"));
        ChaosStack stack = new ChaosStack(root, work, broker, EventLog.follow(broker.bootstrapServers()));
        // A test JVM stopped from outside (a CI timeout) must not leave the broker and services running: they are
        // this JVM's child processes, so end exactly those.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly),
                        "chaos-stack-stop"));
        for (Service service : Service.values()) {
            stack.startAsync(service, instanceName(service, "a"));
        }
        try {
            stack.awaitStarted();
        } catch (AssertionError e) {
            // The test class gets no stack to close: stop what did start (starts still under way end with the JVM).
            stack.close();
            throw e;
        }
        return stack;
    }

    static String instanceName(Service service, String suffix) {
        return service.name().toLowerCase(java.util.Locale.ROOT) + "-" + suffix;
    }

    EventLog log() {
        return log;
    }

    BrokerProcess broker() {
        return broker;
    }

    Path work() {
        return work;
    }

    /** Starts an instance in the background; {@link #awaitStarted} waits for every such start. */
    synchronized void startAsync(Service service, String instance) {
        Path dir = work.resolve(instance + "-" + (++starts));
        services.put(instance, service);
        starting.add(CompletableFuture.supplyAsync(() -> {
            try {
                ServiceProcess process = ServiceProcess.start(
                        root, service.module, broker.bootstrapServers(), dir, properties(service, instance));
                synchronized (this) {
                    running.put(instance, process);
                }
                return process;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** Waits until every instance started in the background answers its readiness check. */
    void awaitStarted() {
        List<CompletableFuture<ServiceProcess>> pending;
        synchronized (this) {
            pending = new ArrayList<>(starting);
            starting.clear();
        }
        for (CompletableFuture<ServiceProcess> start : pending) {
            try {
                start.get(300, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("a service did not start: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("a service did not become ready within 300 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while starting services", e);
            }
        }
    }

    /** The names of the running instances of {@code service}. */
    synchronized List<String> instancesOf(Service service) {
        return running.keySet().stream().filter(i -> services.get(i) == service).toList();
    }

    /** SIGKILL to the instance's JVM. */
    void kill(String instance) throws InterruptedException {
        ServiceProcess process;
        synchronized (this) {
            process = running.remove(instance);
        }
        if (process == null) {
            throw new AssertionError(instance + " is not running; running: " + running.keySet());
        }
        process.killHard();
    }

    /** Starts instances so that each service runs at least once again (after a case killed one for good). */
    void ensureOneOfEach() {
        for (Service service : Service.values()) {
            boolean any;
            synchronized (this) {
                any = running.keySet().stream().anyMatch(i -> services.get(i) == service);
            }
            if (!any) {
                startAsync(
                        service,
                        instanceName(service, UUID.randomUUID().toString().substring(0, 4)));
            }
        }
        awaitStarted();
    }

    /** The running instance of {@code service} that owns {@code partition} of its input topic, if one does. */
    Optional<String> ownerOf(Service service, int partition) {
        try (Admin admin = admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(service.group))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(service.group);
            for (MemberDescription member : group.members()) {
                boolean owns = member.assignment().topicPartitions().stream()
                        .anyMatch(p -> p.topic().equals(service.inputs.get(0)) && p.partition() == partition);
                if (owns) {
                    synchronized (this) {
                        return running.keySet().stream()
                                .filter(i -> member.clientId().startsWith(i))
                                .findFirst();
                    }
                }
            }
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not describe group " + service.group + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until every instance of {@code service} has partitions of its input topic. */
    void awaitAssigned(Service service, List<String> instances) {
        Awaitility.await("partitions of " + service.inputs.get(0) + " assigned to each of " + instances)
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    List<String> owners = new ArrayList<>();
                    for (int p = 0; p < EventLog.PARTITIONS; p++) {
                        ownerOf(service, p).ifPresent(owners::add);
                    }
                    return owners.size() == EventLog.PARTITIONS && owners.containsAll(instances);
                });
    }

    /**
     * Waits until every service's group has committed everything on its input topics: nothing is under
     * way any more, so a duplicate would already be on the topics.
     */
    void awaitQuiet(Duration timeout) {
        Awaitility.await("every consumer group caught up with its input topics")
                .atMost(timeout)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    try (Admin admin = admin()) {
                        for (Service service : Service.values()) {
                            if (!caughtUp(admin, service)) {
                                return false;
                            }
                        }
                        return true;
                    }
                });
    }

    private static boolean caughtUp(Admin admin, Service service) throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(service.group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(service.inputs)
                .allTopicNames()
                .get()
                .values()
                .forEach(topic -> topic.partitions()
                        .forEach(
                                p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest())));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset()
                                        >= e.getValue().offset()));
    }

    /** The last log lines of every running instance, for failure messages. */
    synchronized String logs() {
        StringBuilder out = new StringBuilder();
        running.forEach((name, process) -> out.append("--- ")
                .append(name)
                .append(": ")
                .append(process)
                .append('\n')
                .append(process.tail())
                .append('\n'));
        return out.toString();
    }

    private Map<String, String> properties(Service service, String instance) {
        Map<String, String> props = new HashMap<>();
        if (service.channel != null) {
            String channel = "mp.messaging.incoming." + service.channel + ".";
            props.put(channel + "client.id", instance);
            // A killed instance's partitions move to a survivor within seconds instead of the 45 s default.
            props.put(channel + "session.timeout.ms", "6000");
            props.put(channel + "heartbeat.interval.ms", "1000");
        }
        switch (service) {
            case TRIGGER -> {
                props.put("kaskade.trigger.api-token", UUID.randomUUID().toString());
                props.put("kaskade.trigger.allow-local-paths", "true");
            }
            case BUILD ->
                props.put(
                        "kaskade.build.workspace-dir",
                        work.resolve("build-workspaces").toString());
            // A short window keeps deploys of the same app, which wait for each other, within the suite's time.
            case DEPLOY -> props.put("kaskade.deploy.status-check.stability-window", "1s");
            default -> {}
        }
        return props;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @Override
    public void close() {
        List<ServiceProcess> all;
        synchronized (this) {
            all = new ArrayList<>(running.values());
            running.clear();
        }
        all.forEach(ServiceProcess::close);
        log.close();
        broker.close();
    }
}
