package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the local stack adds to one service's environment. */
class ServiceEnvironmentTest {

    private static final Map<String, String> STACK = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");

    @Test
    void deployServiceGetsTheDevLoopWaitsAndOtherServicesNothing() {
        assertThat(ServiceProcesses.environment(new Service("deploy-service", 8084), STACK, Map.of()))
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("KASKADE_DEPLOY_DOCKER_STOP_TIMEOUT", "2s")
                .containsEntry("KASKADE_DEPLOY_STATUS_CHECK_STABILITY_WINDOW", "1s")
                .containsEntry("KASKADE_DEPLOY_STATUS_CHECK_MIN_RUNNING", "1s");
        assertThat(ServiceProcesses.environment(new Service("build-service", 8082), STACK, Map.of()))
                .isEqualTo(STACK);
    }

    @Test
    void theUsersOwnValuesWin() {
        assertThat(ServiceProcesses.environment(
                        new Service("deploy-service", 8084),
                        STACK,
                        Map.of("KASKADE_DEPLOY_STATUS_CHECK_STABILITY_WINDOW", "5s")))
                .containsEntry("KASKADE_DEPLOY_STATUS_CHECK_STABILITY_WINDOW", "5s")
                .containsEntry("KASKADE_DEPLOY_DOCKER_STOP_TIMEOUT", "2s");
    }
}
