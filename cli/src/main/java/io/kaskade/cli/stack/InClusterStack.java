package io.kaskade.cli.stack;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.context.StackMode;
import io.kaskade.cli.trigger.ApiToken;
import io.kaskade.cli.trigger.SecretsKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kaskade running as pods on the local cluster: {@code k8s/overlays/local} applied with kubectl, plus
 * the git daemon that serves local repositories to those pods.
 *
 * <p>The overlay puts every pod on the node's network on ports of its own (Kafka 127.0.0.1:29092,
 * trigger-service 127.0.0.1:28081), so this stack never collides with {@code up}'s JVM processes; the
 * addresses are recorded in {@link StackMode} for {@code trigger}, {@code watch} and {@code demo}.
 */
public final class InClusterStack {

    public static final String NAMESPACE = "kaskade";
    public static final String TRIGGER_URL = "http://127.0.0.1:28081";
    public static final String BOOTSTRAP_SERVERS = "127.0.0.1:29092";
    /** The monitor's dashboard on the node's network (k8s/overlays/local/monitor-service.yaml). */
    public static final String DASHBOARD_URL = "http://127.0.0.1:28085/";

    public static final String CDEVENTS_URL = "http://127.0.0.1:28086";
    static final List<String> WORKLOADS = List.of(
            "statefulset/kafka",
            "deployment/trigger-service",
            "deployment/build-service",
            "deployment/test-service",
            "deployment/deploy-service",
            "deployment/monitor-service",
            "deployment/cdevents-bridge");
    /** A loaded 2-core machine may need minutes to start five JVMs; never a reason to give up early. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(15);

    private final CliContext context;
    private final Console console;
    private final StateDir state;
    private final String kubeconfig;

    public InClusterStack(CliContext context, String kubeconfig) {
        this.context = context;
        this.console = context.console();
        this.state = new StateDir(context.home());
        this.kubeconfig = kubeconfig;
    }

    Path overlay() {
        return context.repo().resolve("k8s/overlays/local");
    }

    /** Applies the overlay, waits for every pod, starts the git daemon and records the addresses. */
    public List<StackTable.Row> up() {
        if (!Files.isDirectory(overlay())) {
            throw new StackException(overlay() + " is missing: this checkout has no Kubernetes manifests");
        }
        // Namespace and Secret first, so every pod starts with the API token and the stack id.
        kubectl(
                List.of(
                        "apply",
                        "-f",
                        context.repo().resolve("k8s/base/namespace.yaml").toString()),
                60,
                "creating namespace " + NAMESPACE);
        boolean secretChanged = applySecrets();
        console.info("applying %s ...", context.repo().relativize(overlay()));
        kubectl(List.of("apply", "-k", overlay().toString()), 300, "applying " + overlay());
        if (secretChanged) {
            restartForSecrets();
        }
        List<StackTable.Row> rows = new ArrayList<>();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        for (String workload : WORKLOADS) {
            long left = Math.max(30, Duration.between(Instant.now(), deadline).toSeconds());
            console.info("waiting for %s to be ready ...", workload);
            kubectl(
                    List.of("-n", NAMESPACE, "rollout", "status", workload, "--timeout=" + left + "s"),
                    left + 30,
                    workload + " did not become ready (kubectl -n " + NAMESPACE + " describe " + workload + ")");
            rows.add(
                    new StackTable.Row(workload, "-", address(workload), "ready (pod in namespace " + NAMESPACE + ")"));
        }
        waitUntil(() -> Probes.httpStatus(TRIGGER_URL + "/q/health/ready") == 200, "trigger-service at " + TRIGGER_URL);
        waitUntil(() -> Probes.portOpen("127.0.0.1", 29092), "Kafka at " + BOOTSTRAP_SERVERS);
        rows.add(ensureGitDaemon());
        new StackMode(StackMode.IN_CLUSTER, "./kaskade up --in-cluster", TRIGGER_URL, BOOTSTRAP_SERVERS)
                .write(context.home());
        return rows;
    }

    /** Deletes what the overlay created (the namespace with everything in it) and forgets the mode. */
    public boolean down() {
        console.info("deleting namespace %s (Kaskade's pods) ...", NAMESPACE);
        Processes.Result result = run(
                List.of("delete", "-k", overlay().toString(), "--ignore-not-found", "--wait=true", "--timeout=300s"),
                360);
        if (!result.ok()) {
            console.info("kubectl delete failed: %s", result.output().strip());
            return false;
        }
        StackMode.clear(context.home());
        return true;
    }

    private StackTable.Row ensureGitDaemon() {
        Optional<PartRecord> ours =
                state.read(GitServer.PART).filter(r -> Processes.live(r).isPresent());
        if (ours.isPresent()) {
            return new StackTable.Row(GitServer.PART, Long.toString(ours.get().pid()), GitServer.ADDRESS, "running");
        }
        if (Probes.portOpen("127.0.0.1", 9418)) {
            throw new StackException(
                    "something else listens on " + GitServer.ADDRESS + "; the in-cluster services need "
                            + "kaskade's git daemon there to read repositories given as local paths");
        }
        GitServer server = new GitServer(state);
        Path log = state.logFile(GitServer.PART);
        Process process = Processes.startDetached(server.command(), state.home(), Map.of(), log);
        PartRecord record = new PartRecord(GitServer.PART, process.pid(), "git daemon", GitServer.ADDRESS, log);
        state.record(record);
        waitUntil(() -> Probes.portOpen("127.0.0.1", 9418), "git daemon on " + GitServer.ADDRESS);
        return new StackTable.Row(
                GitServer.PART,
                Long.toString(process.pid()),
                GitServer.ADDRESS,
                "serves local repositories read-only; log " + log);
    }

    private static String address(String workload) {
        return switch (workload) {
            case "statefulset/kafka" -> BOOTSTRAP_SERVERS;
            case "deployment/trigger-service" -> TRIGGER_URL;
            case "deployment/monitor-service" -> DASHBOARD_URL;
            case "deployment/cdevents-bridge" -> CDEVENTS_URL;
            default -> "(consumer, no inbound port)";
        };
    }

    /**
     * The Secret kaskade-secrets the services read their credentials from: the trigger API's bearer token
     * (the one `./kaskade trigger` sends), the key run secrets are sealed with, and the stack id deploy-service
     * labels its containers with.
     *
     * @return whether it changed, so pods that already run must restart to read it
     */
    private boolean applySecrets() {
        Path manifest = state.dir("in-cluster").resolve("kaskade-secrets.yaml");
        try {
            Files.writeString(manifest, """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: kaskade-secrets, namespace: %s}
                    type: Opaque
                    stringData:
                      KASKADE_TRIGGER_API_TOKEN: "%s"
                      KASKADE_SECRETS_KEY: "%s"
                      %s: "%s"
                    """.formatted(
                            NAMESPACE,
                            ApiToken.ensure(context.home()),
                            SecretsKey.ensure(context.home()),
                            StackId.DEPLOY_ENV,
                            StackId.of(context.home())));
        } catch (java.io.IOException e) {
            throw new StackException("cannot write " + manifest + ": " + e.getMessage());
        }
        Processes.Result result = run(List.of("apply", "-f", manifest.toString()), 60);
        if (!result.ok()) {
            throw new StackException(
                    "applying the Secret kaskade-secrets:\n" + result.output().strip());
        }
        // "created": no pod ran yet, each starts with it; "configured": running pods hold the old values.
        return result.output().contains("configured");
    }

    /** Pods read the Secret only when they start; those of an earlier apply restart to get the new one. */
    private void restartForSecrets() {
        for (String deployment :
                List.of("deployment/trigger-service", "deployment/build-service", "deployment/deploy-service")) {
            kubectl(
                    List.of("-n", NAMESPACE, "rollout", "restart", deployment),
                    60,
                    "restarting " + deployment + " for the Secret kaskade-secrets");
        }
    }

    private void kubectl(List<String> args, long timeoutSeconds, String what) {
        Processes.Result result = run(args, timeoutSeconds);
        if (!result.ok()) {
            throw new StackException(what + ":\n" + result.output().strip());
        }
    }

    private Processes.Result run(List<String> args, long timeoutSeconds) {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig));
        command.addAll(args);
        return Processes.run(command, context.repo(), timeoutSeconds);
    }

    private static void waitUntil(java.util.function.BooleanSupplier ready, String what) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!ready.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new StackException(what + " does not answer after 3 minutes");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted");
            }
        }
    }
}
