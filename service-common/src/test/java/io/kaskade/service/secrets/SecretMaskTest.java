package io.kaskade.service.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskTest {

    @Test
    void masksValuesAndTheirBase64WhileRegistered() {
        String secret = "hunter2-" + System.nanoTime();
        String b64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        assertThat(SecretMask.mask("x " + secret)).contains(secret);
        try (SecretMask.Registration r = SecretMask.register(List.of(secret))) {
            assertThat(SecretMask.mask("token=" + secret + " b64=" + b64)).isEqualTo("token=*** b64=***");
            assertThat(SecretMask.mask(List.of(secret, "plain"))).containsExactly("***", "plain");
            try (SecretMask.Registration again = SecretMask.register(List.of(secret))) {
                assertThat(SecretMask.mask(secret)).isEqualTo("***");
            }
            assertThat(SecretMask.mask(secret)).as("still registered once").isEqualTo("***");
        }
        assertThat(SecretMask.mask(secret)).isEqualTo(secret);
    }

    @Test
    void aLongerSecretContainingAShorterOneMasksWhole() {
        String shortOne = "abc" + System.nanoTime();
        String longOne = shortOne + "-and-more";
        try (SecretMask.Registration r = SecretMask.register(List.of(shortOne, longOne))) {
            assertThat(SecretMask.mask("[" + longOne + "]")).isEqualTo("[***]");
        }
    }
}
