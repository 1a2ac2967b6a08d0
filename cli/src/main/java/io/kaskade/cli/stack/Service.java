package io.kaskade.cli.stack;

import java.nio.file.Path;
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

    /** The dashboard's address, as {@code up} prints it. */
    public static String dashboard() {
        return MONITOR.address() + "/";
    }

    public Path jar(Path repo) {
        return repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public String address() {
        return "http://127.0.0.1:" + port;
    }

    public String readinessUrl() {
        return address() + "/q/health/ready";
    }
}
