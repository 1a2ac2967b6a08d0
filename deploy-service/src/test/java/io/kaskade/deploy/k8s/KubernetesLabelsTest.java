package io.kaskade.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.deploy.deployer.kubectl.KubernetesLabels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesLabelsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "run-1, run-1",
        "127.0.0.1:5000/app, 127.0.0.1_5000_app",
        "-x-, x",
    })
    void makesValidLabelValues(String value, String label) {
        assertThat(KubernetesLabels.labelValue(value)).isEqualTo(label);
    }
}
