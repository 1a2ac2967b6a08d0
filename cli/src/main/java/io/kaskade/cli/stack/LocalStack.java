package io.kaskade.cli.stack;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local Kaskade stack: Docker engine, OCI registry, base image, Kafka broker and the services, in
 * named parts ({@link HostInfrastructure}, {@link KafkaProcess}, {@link ServiceProcesses}).
 *
 * <p>Every part is started only when nothing answers where it should, so {@code up} is idempotent
 * and works next to parts the user already runs; the processes it does start are recorded in the
 * {@link StateDir} and {@link #down()} stops exactly those, and removes only the app containers
 * this stack's deploy-service labelled with its {@link StackId}.
 */
public final class LocalStack {

    public static final String REGISTRY = "127.0.0.1:5000";
    /** The jib builder's default {@code fromImage}, {@code kaskade.build.jib.default-from-image}. */
    static final String JRE_REPOSITORY = "kaskade/jre";

    static final String JRE_TAG = "17";
    static final String DOCKERD = "dockerd";
    static final String REGISTRY_PART = "registry";
    static final String KAFKA = "kafka";
    /** Label the deploy-service puts on the containers it runs. */
    public static final String MANAGED_LABEL = "kaskade.managed=true";

    private final CliContext context;
    private final PartProcesses parts;
    private final Map<String, String> serviceEnvironment = new LinkedHashMap<>();

    public LocalStack(CliContext context) {
        this.context = context;
        this.parts = new PartProcesses(new StateDir(context.home()), context.console());
    }

    public StateDir state() {
        return parts.state();
    }

    /** The rows of the table describing what runs where, as found by the last {@code ensure...} calls. */
    public List<StackTable.Row> rows() {
        return parts.rows();
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
     * What every service is started with: the broker, the cluster's kubeconfig when there is one, the
     * stack's id for the labels of the containers deploy-service runs, and what {@link #serviceEnvironment}
     * added.
     */
    Map<String, String> environmentFor() {
        Map<String, String> env = new LinkedHashMap<>();
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
        env.put(StackId.DEPLOY_ENV, StackId.of(context.home()));
        env.putAll(serviceEnvironment);
        return env;
    }

    /** Host packages, Docker engine, registry and base image: what the tests need too. */
    public void ensureInfrastructure() {
        new HostInfrastructure(context, parts).ensure();
    }

    /** Only the Docker engine and the registry: what the local cluster needs ({@code cluster up}). */
    public void ensureEngineAndRegistry() {
        HostInfrastructure infrastructure = new HostInfrastructure(context, parts);
        infrastructure.ensureDockerEngine();
        infrastructure.ensureRegistry();
    }

    public void ensureKafka() {
        new KafkaProcess(context, parts).ensure();
    }

    /**
     * Starts the services whose jars exist and waits until each is ready; restarts those running with
     * an older jar or other settings.
     *
     * @throws StackException listing the services whose jar is missing or that did not become ready
     */
    public void ensureServices() {
        new ServiceProcesses(context, parts).ensure(environmentFor());
    }

    /**
     * Stops the services, removes the containers this stack's deploy-service ran, then stops the other
     * processes {@code up} recorded, each given time to exit cleanly. Parts kaskade did not start, and
     * containers of other stacks or tests, are left alone.
     *
     * @return whether everything stopped
     */
    public boolean down() {
        boolean services = parts.stopRecorded(part -> PartProcesses.stopRank(part) == 0);
        boolean containers = removeStackContainers();
        return parts.stopRecorded(part -> true) && services && containers;
    }

    /** Stops every recorded process, newest part first; {@code true} when all are gone. */
    boolean stopRecorded() {
        return parts.stopRecorded(part -> true);
    }

    /** The containers labelled both {@code kaskade.managed=true} and with this stack's id (filters combine with AND). */
    List<String> stackContainers() {
        Processes.Result ids = Processes.run(
                List.of(
                        "docker",
                        "ps",
                        "-aq",
                        "--filter",
                        "label=" + MANAGED_LABEL,
                        "--filter",
                        "label=" + StackId.LABEL + "=" + StackId.of(context.home())),
                null,
                30);
        if (!ids.ok()) {
            throw new StackException(
                    "could not list this stack's containers: " + ids.output().trim());
        }
        return ids.output().lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private boolean removeStackContainers() {
        if (!Probes.dockerAnswers()) {
            return true;
        }
        List<String> containers;
        try {
            containers = stackContainers();
        } catch (StackException e) {
            context.console().info("%s", e.getMessage());
            return false;
        }
        if (containers.isEmpty()) {
            return true;
        }
        Console console = context.console();
        console.info("removing %d container(s) this stack deployed ...", containers.size());
        List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
        rm.addAll(containers);
        Processes.Result removed = Processes.run(rm, null, 120);
        if (!removed.ok()) {
            console.info("docker rm failed: %s", removed.output().trim());
        }
        return removed.ok();
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
