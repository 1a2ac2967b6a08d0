package io.kaskade.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gap {@code up --cluster} on a stack started without the cluster used to leave: deploy-service kept
 * running without the cluster's KUBECONFIG. A service is now restarted when the environment the stack
 * would give it differs from the one it was started with.
 */
class ServiceSettingsTest {

    @TempDir
    Path home;

    @Test
    void aServiceStartedWithoutTheClustersKubeconfigCountsAsChanged() {
        ServiceSettings settings = new ServiceSettings(new StateDir(home));
        Map<String, String> processes = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "TOKEN", "secret");
        settings.record("deploy-service", processes);

        assertThat(settings.changed("deploy-service", processes)).isFalse();

        Map<String, String> cluster = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:9092",
                "TOKEN",
                "secret",
                "KUBECONFIG",
                "/run/kaskade/cluster/kubeconfig");
        assertThat(settings.changed("deploy-service", cluster)).isTrue();
        // Names only: values may be credentials.
        assertThat(settings.differences("deploy-service", cluster)).containsExactly("KUBECONFIG");
        assertThat(settings.differences("deploy-service", Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")))
                .containsExactly("TOKEN");
    }

    @Test
    void aServiceWithNoRecordedSettingsCountsAsChanged() {
        ServiceSettings settings = new ServiceSettings(new StateDir(home));
        assertThat(settings.changed("trigger-service", Map.of("A", "1"))).isTrue();
    }
}
