package io.kaskade.build.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.ImageReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Image names to registries and repositories as jib reads them, and which registries are on this machine. */
class RegistryClientTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1:5000/team/app       | 127.0.0.1:5000       | team/app         | true",
                "localhost:5000/app            | localhost:5000       | app              | true",
                "registry.example.com/team/app | registry.example.com | team/app         | false",
                "lab.internal:5000/app         | lab.internal:5000    | app              | false",
                "team/app                      | registry-1.docker.io | team/app         | false",
                "busybox                       | registry-1.docker.io | library/busybox  | false",
            })
    void registriesAndRepositories(String image, String registry, String repository, boolean loopback)
            throws Exception {
        ImageReference ref = RegistryClient.parse(image);
        assertThat(ref.getRegistry()).isEqualTo(registry);
        assertThat(ref.getRepository()).isEqualTo(repository);
        assertThat(RegistryClient.loopback(ref.getRegistry())).isEqualTo(loopback);
    }
}
