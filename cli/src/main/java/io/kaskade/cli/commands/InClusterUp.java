package io.kaskade.cli.commands;

import io.kaskade.cli.context.CliContext;
import io.kaskade.cli.context.Console;
import io.kaskade.cli.context.StackException;
import io.kaskade.cli.stack.InClusterStack;
import io.kaskade.cli.stack.LocalStack;
import io.kaskade.cli.stack.PartRecord;
import io.kaskade.cli.stack.Probes;
import io.kaskade.cli.stack.Service;
import io.kaskade.cli.stack.StackTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kaskade up --in-cluster}: Docker engine and registry (as {@code up}), the local cluster, the
 * images, then {@link InClusterStack}. Refuses while the JVM stack of {@code up} runs, since two
 * Kaskades on one machine would both consume whatever a user triggers on the one they did not mean.
 */
final class InClusterUp {

    /** What k8s/base/kustomization.yaml runs: the images `kaskade images` pushes, tagged with the project version. */
    static final List<String> IMAGES =
            images(Optional.ofNullable(InClusterUp.class.getPackage().getImplementationVersion())
                    .orElse("0.1.0-SNAPSHOT"));

    static List<String> images(String version) {
        return List.of(
                "kaskade/kafka:4.1.2",
                "kaskade/trigger-service:" + version,
                "kaskade/build-service:" + version,
                "kaskade/test-service:" + version,
                "kaskade/deploy-service:" + version,
                "kaskade/monitor-service:" + version,
                "kaskade/cdevents-bridge:" + version);
    }

    private final CliContext context;
    private final CommandSpec spec;
    private final Console console;

    InClusterUp(CliContext context, CommandSpec spec) {
        this.context = context;
        this.spec = spec;
        this.console = context.console();
    }

    int call() {
        LocalStack local = new LocalStack(context);
        List<String> running = runningLocalServices(local);
        if (!running.isEmpty()) {
            console.info(
                    "kaskade up --in-cluster: the local stack runs (%s); run ./kaskade down first, then "
                            + "./kaskade up --in-cluster",
                    String.join(", ", running));
            return 1;
        }
        List<StackTable.Row> rows = new ArrayList<>();
        try {
            local.ensureInfrastructure();
            rows.addAll(local.rows());
            // A cluster already running (from this or another checkout) is used, and `down` leaves it running.
            if (Cluster.kubeconfig(context).isEmpty()) {
                int cluster = UpCommand.startCluster(context);
                if (cluster != 0) {
                    console.info(
                            "kaskade up --in-cluster: the local cluster did not start (scripts/cluster.sh up, exit %d)",
                            cluster);
                    return cluster;
                }
            }
            String kubeconfig = Cluster.kubeconfig(context)
                    .orElseThrow(() -> new StackException("scripts/cluster.sh env names no running cluster"));
            ensureImages();
            rows.addAll(new InClusterStack(context, kubeconfig).up());
            console.result(StackTable.format(rows).stripTrailing());
            console.info(
                    "trigger-service %s, Kafka %s; ./kaskade trigger, watch and demo use them; KUBECONFIG=%s",
                    InClusterStack.TRIGGER_URL, InClusterStack.BOOTSTRAP_SERVERS, kubeconfig);
            console.result("dashboard: " + InClusterStack.DASHBOARD_URL);
            return 0;
        } catch (StackException e) {
            console.info("kaskade up --in-cluster: %s", e.getMessage());
            console.result(StackTable.format(rows).stripTrailing());
            return 1;
        }
    }

    private List<String> runningLocalServices(LocalStack local) {
        List<String> running = new ArrayList<>();
        for (Service service : Service.ALL) {
            Optional<PartRecord> record = local.state().read(service.module());
            if (record.isPresent()
                    && io.kaskade.cli.stack.Processes.live(record.get()).isPresent()) {
                running.add(service.module() + " pid " + record.get().pid());
            }
        }
        return running;
    }

    /**
     * The service and broker images: built by {@code kaskade images} when this CLI has that command,
     * else they must already be in the registry.
     */
    private void ensureImages() {
        CommandLine images =
                spec.parent() == null ? null : spec.parent().subcommands().get("images");
        if (images != null) {
            console.info("building and pushing the images (kaskade images) ...");
            int exit = images.execute();
            if (exit != 0) {
                throw new StackException("kaskade images failed (exit " + exit + ")");
            }
        }
        List<String> missing =
                IMAGES.stream().filter(image -> !inRegistry(image)).toList();
        if (!missing.isEmpty()) {
            throw new StackException("images missing in " + LocalStack.REGISTRY + ": " + String.join(", ", missing)
                    + "; build and push them with ./kaskade images");
        }
    }

    private static boolean inRegistry(String image) {
        int colon = image.lastIndexOf(':');
        String url = "http://" + LocalStack.REGISTRY + "/v2/" + image.substring(0, colon) + "/manifests/"
                + image.substring(colon + 1);
        return Probes.httpStatus(
                        url,
                        "Accept",
                        "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
                                + "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json")
                == 200;
    }
}
