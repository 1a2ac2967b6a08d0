package io.kaskade.cli.stack;

import io.kaskade.cli.CliContext;
import io.kaskade.cli.Console;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The local Kaskade stack: Docker engine, OCI registry, base image, Kafka broker and the four services.
 *
 * <p>Every part is started only when nothing answers where it should, so {@code up} is idempotent
 * and works next to parts the user already runs; the processes it does start are recorded in the
 * {@link StateDir} and {@link #down()} stops exactly those.
 */
public final class LocalStack {

    public static final String REGISTRY = "127.0.0.1:5000";
    /** The jib builder's default {@code fromImage}, {@code kaskade.build.jib.default-from-image}. */
    static final String JRE_REPOSITORY = "kaskade/jre";
    static final String JRE_TAG = "17";
    /** A fixed KRaft cluster id, so the broker's data folder survives restarts. */
    static final String KAFKA_CLUSTER_ID = "a2Fza2FkZS1sb2NhbC0wMQ";
    static final String DOCKERD = "dockerd";
    static final String REGISTRY_PART = "registry";
    static final String KAFKA = "kafka";
    /** Label the deploy-service puts on the containers it runs. */
    public static final String MANAGED_LABEL = "kaskade.managed=true";

    private final CliContext context;
    private final StateDir state;
    private final Console console;
    private final List<StackTable.Row> rows = new ArrayList<>();
    private final Map<String, String> serviceEnvironment = new java.util.LinkedHashMap<>();

    public LocalStack(CliContext context) {
        this.context = context;
        this.state = new StateDir(context.home());
        this.console = context.console();
    }

    public StateDir state() {
        return state;
    }

    /** The rows of the table describing what runs where, as found by the last {@code ensure...} calls. */
    public List<StackTable.Row> rows() {
        return List.copyOf(rows);
    }

    /** An environment variable the services get when this stack starts them, e.g. {@code KUBECONFIG}. */
    public void serviceEnvironment(String name, String value) {
        serviceEnvironment.put(name, value);
    }

    /** Everything: infrastructure, Kafka and the services. Throws naming the first part that failed. */
    public void up() {
        ensureInfrastructure();
        ensureKafka();
        ensureServices();
    }

    /**
     * What every service is started with: the broker, the cluster's kubeconfig when there is one, and what
     * {@link #serviceEnvironment} added. (deploy-service keeps runs that wait for their artifacts in a Kafka
     * topic, so it needs no folder of its own.)
     */
    private Map<String, String> environmentFor() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", context.bootstrapServers());
        // The services create their topics (kaskade.topics.*); the local broker is one node, so one copy of each.
        // An operator's own values (an external cluster) win.
        for (String setting : List.of("KASKADE_TOPICS_REPLICATION_FACTOR", "KASKADE_TOPICS_MIN_INSYNC_REPLICAS")) {
            env.put(setting, context.env().getOrDefault(setting, "1"));
        }
        String kubeconfig = context.env().get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            env.put("KUBECONFIG", kubeconfig);
        }
        env.putAll(serviceEnvironment);
        return env;
    }

    /** Host packages, Docker engine, registry and base image: what the tests need too. */
    public void ensureInfrastructure() {
        new HostPackages(console).ensure(HostPackages.needs());
        ensureDockerEngine();
        ensureRegistry();
        ensureBaseImage();
        ensureJreBase();
    }

    void ensureDockerEngine() {
        Optional<PartRecord> ours = liveRecord(DOCKERD);
        if (ours.isPresent()) {
            addRow(ours.get(), "running; log " + ours.get().log());
            return;
        }
        if (Probes.dockerAnswers()) {
            rows.add(new StackTable.Row("docker engine", "-", dockerAddress(), "already running (not started by kaskade)"));
            return;
        }
        String socket = "unix:///var/run/docker.sock";
        console.info("starting the Docker engine (dockerd, bridge off) ...");
        PartRecord record = start(DOCKERD, List.of("dockerd", "--host", socket, "--bridge=none", "--iptables=false",
                "--ip6tables=false"), "dockerd", socket, Map.of());
        waitFor(record, Duration.ofSeconds(90), Probes::dockerAnswers, "the Docker engine to answer");
        addRow(record, "log " + record.log());
    }

    void ensureRegistry() {
        Optional<PartRecord> ours = liveRecord(REGISTRY_PART);
        if (ours.isPresent()) {
            addRow(ours.get(), "running; log " + ours.get().log());
            return;
        }
        if (Probes.httpStatus("http://" + REGISTRY + "/v2/") != -1) {
            rows.add(new StackTable.Row(REGISTRY_PART, "-", REGISTRY, "already answering (not started by kaskade)"));
            return;
        }
        Path dir = state.dir("registry");
        Path config = dir.resolve("config.yml");
        write(config, """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s
                """.formatted(state.dir("registry/data"), REGISTRY));
        console.info("starting the OCI registry on %s ...", REGISTRY);
        PartRecord record = start(REGISTRY_PART, List.of("docker-registry", "serve", config.toString()), config.toString(),
                REGISTRY, Map.of());
        waitFor(record, Duration.ofSeconds(30), () -> Probes.httpStatus("http://" + REGISTRY + "/v2/") == 200,
                "the registry to answer on " + REGISTRY);
        addRow(record, "log " + record.log());
    }

    void ensureBaseImage() {
        BaseImage image = new BaseImage(REGISTRY, console);
        if (image.present()) {
            rows.add(new StackTable.Row("base image", "-", image.reference(), "present"));
            return;
        }
        image.buildAndPush(state.home().resolve("base-image"));
        rows.add(new StackTable.Row("base image", "-", image.reference(), "built and pushed"));
    }

    /**
     * The Java base image the jib builder uses when an artifact sets no {@code fromImage}
     * ({@code kaskade.build.jib.default-from-image}): a jlink'ed runtime of the host JDK, since no
     * public base image can be pulled here. Built by {@code scripts/make-jre-base.sh}.
     */
    void ensureJreBase() {
        BaseImage jre = new BaseImage(REGISTRY, JRE_REPOSITORY, JRE_TAG, console);
        if (jre.present()) {
            rows.add(new StackTable.Row("java base image", "-", jre.reference(), "present"));
            return;
        }
        console.info("building the Java base image %s with jlink ...", jre.reference());
        Path script = context.repo().resolve("scripts/make-jre-base.sh");
        Processes.Result result = Processes.run(List.of("sh", script.toString(), jre.reference()), context.repo(), 300);
        if (!result.ok()) {
            throw new StackException("building the Java base image " + jre.reference() + " failed (" + script + "): "
                    + result.output().strip());
        }
        rows.add(new StackTable.Row("java base image", "-", jre.reference(), "built and pushed"));
    }

    public void ensureKafka() {
        if (context.externalKafka()) {
            rows.add(new StackTable.Row(KAFKA, "-", context.bootstrapServers(), "external (KAFKA_BOOTSTRAP_SERVERS)"));
            return;
        }
        Optional<PartRecord> ours = liveRecord(KAFKA);
        if (ours.isPresent()) {
            addRow(ours.get(), "running; log " + ours.get().log());
            return;
        }
        if (Probes.portOpen("127.0.0.1", 9092)) {
            rows.add(new StackTable.Row(KAFKA, "-", "127.0.0.1:9092", "already answering (not started by kaskade)"));
            return;
        }
        Path lib = context.repo().resolve("kafka-runtime/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new StackException("Kafka broker jars missing at " + lib
                    + ": build them with ./mvnw -B -q -DskipTests package (the ./kaskade script does this)");
        }
        Path dir = state.dir("kafka");
        Path properties = dir.resolve("server.properties");
        write(properties, kafkaServerProperties(state.dir("kafka/data")));
        Path log4j = dir.resolve("log4j2.properties");
        write(log4j, """
                rootLogger.level=INFO
                rootLogger.appenderRef.out.ref=out
                appender.out.type=Console
                appender.out.name=out
                appender.out.layout.type=PatternLayout
                appender.out.layout.pattern=[%d] %p %m (%c)%n
                logger.config.name=org.apache.kafka.common.config
                logger.config.level=WARN
                logger.state.name=state.change.logger
                logger.state.level=WARN
                """);
        List<String> java = List.of("java", "-Xmx256m", "-Dlog4j2.configurationFile=" + log4j, "-cp", lib + "/*");
        List<String> format = new ArrayList<>(java);
        format.addAll(List.of("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", KAFKA_CLUSTER_ID,
                "-c", properties.toString()));
        Processes.Result formatted = Processes.run(format, dir, 120);
        if (!formatted.ok()) {
            throw new StackException("formatting the Kafka data folder failed:\n" + formatted.output());
        }
        console.info("starting the Kafka broker on 127.0.0.1:9092 ...");
        List<String> server = new ArrayList<>(java);
        server.addAll(List.of("kafka.Kafka", properties.toString()));
        long offset = size(state.logFile(KAFKA));
        PartRecord record = start(KAFKA, server, properties.toString(), "127.0.0.1:9092", Map.of());
        waitFor(record, Duration.ofSeconds(90), () -> logContains(record.log(), offset, "Kafka Server started"),
                "the broker to log \"Kafka Server started\"");
        addRow(record, "log " + record.log());
    }

    static String kafkaServerProperties(Path dataDir) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:9093
                listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
                advertised.listeners=PLAINTEXT://127.0.0.1:9092
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%s
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                min.insync.replicas=1
                default.replication.factor=1
                group.initial.rebalance.delay.ms=0
                """.formatted(dataDir);
    }

    /**
     * Starts the services whose jars exist and waits until each is ready.
     *
     * @throws StackException listing the services whose jar is missing or that did not become ready
     */
    public void ensureServices() {
        List<String> problems = new ArrayList<>();
        Map<Service, PartRecord> started = new HashMap<>();
        for (Service service : Service.ALL) {
            Optional<PartRecord> ours = liveRecord(service.module());
            if (ours.isPresent() && jarChangedSinceStart(ours.get(), service.jar(context.repo()))) {
                console.info("restarting %s: its jar was rebuilt after it started", service.module());
                if (!stop(ours.get())) {
                    throw new StackException(service.module() + " (pid " + ours.get().pid() + ") did not stop for its restart");
                }
                ours = Optional.empty();
            }
            if (ours.isPresent()) {
                addRow(ours.get(), "running; log " + ours.get().log());
                continue;
            }
            if (Probes.httpStatus(service.readinessUrl()) != -1) {
                rows.add(new StackTable.Row(service.module(), "-", service.address(), "already answering (not started by kaskade)"));
                continue;
            }
            Path jar = service.jar(context.repo());
            if (!Files.isRegularFile(jar)) {
                rows.add(new StackTable.Row(service.module(), "-", service.address(), "MISSING " + jar));
                problems.add(service.module() + ": jar missing at " + jar
                        + " (build it with ./mvnw -B -q -DskipTests package -pl " + service.module() + " -am)");
                continue;
            }
            console.info("starting %s on %s ...", service.module(), service.address());
            started.put(service, start(service.module(), List.of("java", "-Xmx160m", "-XX:+UseSerialGC",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + service.port(), "-jar", jar.toString()),
                    jar.toString(), service.address(), environmentFor()));
        }
        for (Service service : Service.ALL) {
            PartRecord record = started.get(service);
            if (record == null) {
                continue;
            }
            try {
                waitFor(record, Duration.ofSeconds(180), () -> ready(service), service.readinessUrl() + " to answer 200");
                addRow(record, "log " + record.log());
            } catch (StackException e) {
                rows.add(new StackTable.Row(service.module(), Long.toString(record.pid()), service.address(),
                        "NOT READY; log " + record.log()));
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new StackException(String.join("\n", problems));
        }
    }

    private static boolean jarChangedSinceStart(PartRecord record, Path jar) {
        Optional<Instant> started = Processes.live(record).flatMap(h -> h.info().startInstant());
        try {
            return started.isPresent() && Files.isRegularFile(jar)
                    && Files.getLastModifiedTime(jar).toInstant().isAfter(started.get());
        } catch (IOException e) {
            return false;
        }
    }

    /** A service is ready when its readiness check says so, or it answers but has no health endpoint. */
    private static boolean ready(Service service) {
        int status = Probes.httpStatus(service.readinessUrl());
        return status == 200 || status == 404;
    }

    /**
     * Stops the containers the deploy-service labelled and every process {@code up} recorded, newest
     * first, each given time to exit cleanly. Parts kaskade did not start are left alone.
     *
     * @return whether everything stopped
     */
    public boolean down() {
        boolean services = stopRecorded(part -> stopRank(part) == 0);
        boolean containers = removeManagedContainers();
        return stopRecorded(part -> true) && services && containers;
    }

    /** Stops every recorded process, newest part first; {@code true} when all are gone. */
    boolean stopRecorded() {
        return stopRecorded(part -> true);
    }

    private boolean stopRecorded(java.util.function.Predicate<String> which) {
        boolean ok = true;
        List<PartRecord> records = new ArrayList<>(state.records());
        records.removeIf(r -> !which.test(r.part()));
        records.sort((a, b) -> Integer.compare(stopRank(a.part()), stopRank(b.part())));
        for (PartRecord record : records) {
            ok &= stop(record);
        }
        return ok;
    }

    private boolean stop(PartRecord record) {
        Optional<ProcessHandle> live = Processes.live(record);
        if (live.isEmpty()) {
            console.info("%s (pid %d) was not running", record.part(), record.pid());
            state.forget(record.part());
            return true;
        }
        console.info("stopping %s (pid %d) ...", record.part(), record.pid());
        if (Processes.stop(live.get(), record.part().equals(DOCKERD) ? 60 : 30)) {
            state.forget(record.part());
            return true;
        }
        console.info("  %s (pid %d) did not exit", record.part(), record.pid());
        return false;
    }

    /** Services first, then the broker, the registry and last the engine the others may use. */
    private static int stopRank(String part) {
        return switch (part) {
            case KAFKA -> 1;
            case REGISTRY_PART -> 2;
            case DOCKERD -> 3;
            default -> 0;
        };
    }

    private boolean removeManagedContainers() {
        if (!Probes.dockerAnswers()) {
            return true;
        }
        Processes.Result ids = Processes.run(List.of("docker", "ps", "-aq", "--filter", "label=" + MANAGED_LABEL), null, 30);
        if (!ids.ok()) {
            console.info("could not list kaskade containers: %s", ids.output().trim());
            return false;
        }
        List<String> containers = ids.output().lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (containers.isEmpty()) {
            return true;
        }
        console.info("removing %d kaskade container(s) ...", containers.size());
        List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
        rm.addAll(containers);
        Processes.Result removed = Processes.run(rm, null, 120);
        if (!removed.ok()) {
            console.info("docker rm failed: %s", removed.output().trim());
        }
        return removed.ok();
    }

    private Optional<PartRecord> liveRecord(String part) {
        Optional<PartRecord> record = state.read(part);
        if (record.isPresent() && Processes.live(record.get()).isEmpty()) {
            state.forget(part);
            return Optional.empty();
        }
        return record;
    }

    private PartRecord start(String part, List<String> command, String marker, String address, Map<String, String> env) {
        Path log = state.logFile(part);
        Process process = Processes.startDetached(command, state.home(), env, log);
        PartRecord record = new PartRecord(part, process.pid(), marker, address, log);
        state.record(record);
        return record;
    }

    private void waitFor(PartRecord record, Duration timeout, BooleanSupplier ready, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (ready.getAsBoolean()) {
                return;
            }
            // Only whether it runs: right after the start its command line may still be the forking JVM's, so
            // the marker check of Processes.live (which guards against reused pids later) would call it gone.
            if (ProcessHandle.of(record.pid()).filter(ProcessHandle::isAlive).isEmpty()) {
                state.forget(record.part());
                throw new StackException(record.part() + " exited while waiting for " + what + "; last lines of "
                        + record.log() + ":\n" + Processes.tail(record.log(), 20));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StackException(record.part() + " (pid " + record.pid() + ") not ready after "
                        + timeout.toSeconds() + " s waiting for " + what + "; see " + record.log());
            }
            pause();
        }
    }

    private void addRow(PartRecord record, String note) {
        String name = record.part().equals(DOCKERD) ? "docker engine" : record.part();
        rows.add(new StackTable.Row(name, Long.toString(record.pid()), record.address(), note));
    }

    private static String dockerAddress() {
        String host = System.getenv("DOCKER_HOST");
        return host == null || host.isBlank() ? "unix:///var/run/docker.sock" : host;
    }

    static boolean logContains(Path log, long offset, String text) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            if (file.length() <= offset) {
                return false;
            }
            file.seek(offset);
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 64L * 1024 * 1024)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Waits between readiness checks of a process the CLI does not control. */
    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
