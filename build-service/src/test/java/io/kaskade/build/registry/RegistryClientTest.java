package io.kaskade.build.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Image names to registry addresses, with the scheme Docker would use. */
class RegistryClientTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:5000/team/app       | http://127.0.0.1:5000/v2/team/app/manifests/v1",
        "localhost:5000/app            | http://localhost:5000/v2/app/manifests/v1",
        "registry.example.com/team/app | https://registry.example.com/v2/team/app/manifests/v1",
        "lab.internal:5000/app         | http://lab.internal:5000/v2/app/manifests/v1",
        "team/app                      | https://docker.io/v2/team/app/manifests/v1",
        "busybox                       | https://docker.io/v2/library/busybox/manifests/v1",
    })
    void manifestAddresses(String image, String uri) {
        RegistryClient client = new RegistryClient(Duration.ofSeconds(1)).withInsecureRegistries(List.of("lab.internal:5000"));
        assertThat(client.manifestUri(image, "v1")).hasToString(uri);
    }
}
