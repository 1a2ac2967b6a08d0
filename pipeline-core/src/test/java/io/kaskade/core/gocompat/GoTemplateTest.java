package io.kaskade.core.gocompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code {{.NAME}}} subset of Go's {@code text/template}, with {@code missingkey=error}. */
class GoTemplateTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {{.IMAGE_NAME}}:{{.TAG}}     | app:v1
            {{ .IMAGE_NAME }}-{{.TAG}}   | app-v1
            x {{- .TAG -}} y             | xv1y
            plain                        | plain
            """)
    void executesFields(String template, String expected) {
        assertThat(GoTemplate.parse(template).execute(Map.of("IMAGE_NAME", "app", "TAG", "v1")))
                .isEqualTo(expected);
    }

    @Test
    void listsItsFieldsInOrder() {
        assertThat(GoTemplate.parse("{{.A}}-{{.B}}-{{.A}}").fields()).containsExactly("A", "B", "A");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '@', textBlock = """
            {{.A | upper}}    @ unsupported template action
            {{if .A}}x{{end}} @ unsupported template action
            {{.A              @ unclosed action
            """)
    void refusesWhatItDoesNotImplement(String template, String message) {
        assertThatThrownBy(() -> GoTemplate.parse(template))
                .isInstanceOf(GoTemplateException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aMissingValueIsAnErrorNotNoValue() {
        assertThatThrownBy(() -> GoTemplate.parse("{{.GONE}}").execute(Map.of()))
                .isInstanceOf(GoTemplateException.class)
                .hasMessageContaining("map has no entry for key \"GONE\"");
    }
}
