package io.kaskade.cli.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One of Kaskade's services, as the local stack runs it: a Quarkus fast-jar on a fixed port. */
public record Service(String module, int port) {

    /** The run ledger and the dashboard, which watch the other four. */
    public static final Service MONITOR = new Service("monitor-service", 8085);

    /** The services in pipeline order, then the monitor and the cdevents-bridge that watch them. */
    public static final List<Service> ALL = List.of(
            new Service("trigger-service", 8081),
            new Service("build-service", 8082),
            new Service("test-service", 8083),
            new Service("deploy-service", 8084),
            MONITOR,
            new Service("cdevents-bridge", 8086));

    /**
     * The JVM flags of a service process. Each service must stay at most 256 MiB resident, at rest and under
     * load (issue 14), on a shared 2-core machine: a heap that starts small and gives memory back after a
     * burst (serial collector, low free ratios; the live data is about 30 MB), and the C1 compiler only,
     * whose code cache and compiler memory are a fraction of C2's. The services wait on Kafka, Docker and
     * the registry rather than on the CPU, so C2's faster code buys little here (measured: no slower runs,
     * peak RSS about 200 MiB instead of 280 MiB). The same flags are the images' {@code KASKADE_JAVA_OPTS}
     * default, docker-compose.yml's and the Kubernetes ConfigMap's.
     */
    public static final List<String> JVM_FLAGS = List.of(
            "-Xms32m",
            "-Xmx128m",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:ReservedCodeCacheSize=48m",
            "-XX:MaxMetaspaceSize=128m");

    /** The dashboard's address, as {@code up} prints it. */
    public static String dashboard() {
        return MONITOR.address() + "/";
    }

    public Path jar(Path repo) {
        return repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The command line that runs this service's fast-jar on its port, on loopback. */
    public List<String> command(Path jar) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", jar.toString()));
        return command;
    }

    public String address() {
        return "http://127.0.0.1:" + port;
    }

    public String readinessUrl() {
        return address() + "/q/health/ready";
    }
}
