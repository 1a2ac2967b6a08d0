package io.kaskade.service.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = SecretBox.of(SecretBox.newKey());

    @Test
    void sealedValuesOpenUnderTheirNameAndHideTheValue() {
        String sealed = box.seal("run-1", "NPM_TOKEN", "s3cr3t-value");
        assertThat(sealed).startsWith(SecretBox.PREFIX).doesNotContain("s3cr3t-value");
        assertThat(box.open("run-1", "NPM_TOKEN", sealed)).isEqualTo("s3cr3t-value");
        assertThat(box.seal("run-1", "NPM_TOKEN", "s3cr3t-value"))
                .as("a fresh nonce each time")
                .isNotEqualTo(sealed);
        assertThat(box.openAll("r", box.sealAll("r", Map.of("A", "one", "B", "two"))))
                .isEqualTo(Map.of("A", "one", "B", "two"));
    }

    @Test
    void anotherKeyOrNameOrAlteredCiphertextDoesNotOpen() {
        String sealed = box.seal("run-1", "NPM_TOKEN", "s3cr3t-value");
        SecretBox other = SecretBox.of(SecretBox.newKey());
        assertThatThrownBy(() -> other.open("run-1", "NPM_TOKEN", sealed))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("NPM_TOKEN")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> box.open("run-1", "OTHER", sealed)).isInstanceOf(SecretException.class);
        assertThatThrownBy(() -> box.open("run-2", "NPM_TOKEN", sealed)).isInstanceOf(SecretException.class);
        String altered = sealed.substring(0, sealed.length() - 3) + (sealed.endsWith("AAA") ? "BBB" : "AAA");
        assertThatThrownBy(() -> box.open("run-1", "NPM_TOKEN", altered)).isInstanceOf(SecretException.class);
        assertThatThrownBy(() -> box.open("run-1", "NPM_TOKEN", "plain"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("not a sealed value");
    }

    @Test
    void keysMustBe32BytesOfBase64() {
        assertThat(SecretBox.of(Optional.empty())).isEmpty();
        assertThat(SecretBox.of(Optional.of(" "))).isEmpty();
        assertThatThrownBy(() -> SecretBox.of("c2hvcnQ="))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretBox.of("%%%"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("base64");
    }
}
