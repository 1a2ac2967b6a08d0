package io.kaskade.model.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** envTemplate, customTemplate and sha256, with Skaffold's custom_template_test.go table. */
class TemplateTaggersTest {

    @TempDir
    Path tmp;

    private static final Map<String, String> ENV = Map.of("FOO", "BAR");
    private static final Clock MARCH_7 = Clock.fixed(
            ZonedDateTime.of(2015, 3, 7, 11, 6, 39, 123456789, ZoneId.of("UTC")).toInstant(), ZoneId.of("UTC"));

    private TagInput input() {
        return new TagInput("test", tmp, ENV);
    }

    @Test
    void sha256IsLatest() {
        assertThat(new Sha256Tagger().generateTag(input())).isEqualTo("latest");
    }

    @Test
    void envTemplateReadsRunVariablesAndImageName() {
        assertThat(new EnvTemplateTagger("{{.FOO}}").generateTag(input())).isEqualTo("BAR");
        assertThat(new EnvTemplateTagger("{{ .FOO }}-{{.IMAGE_NAME}}").generateTag(input()))
                .isEqualTo("BAR-test");
        assertThat(new EnvTemplateTagger("v {{- .FOO -}} x").generateTag(input()))
                .isEqualTo("vBARx");
    }

    @Test
    void envTemplateUndefinedVariableFails() {
        assertThatThrownBy(() -> new EnvTemplateTagger("{{.BAR}}").generateTag(input()))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("no entry for key \"BAR\"");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"{{.FOO", "{{.FOO | lower}}", "{{if .FOO}}x{{end}}", "{{printf \"%s\" .FOO}}"})
    void unsupportedTemplatesFailWhenParsed(String template) {
        assertThatThrownBy(() -> new EnvTemplateTagger(template)).isInstanceOf(TagException.class);
        assertThatThrownBy(() -> new CustomTemplateTagger(template, Map.of())).isInstanceOf(TagException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty template                         | ''                           | ''",
                "only text                              | foo-bar                      | foo-bar",
                "only component, more than necessary    | {{.DT}}                      | 2015-03-07",
                "envTemplate and sha256 as components   | foo-{{.ENV}}-{{.SHA256}}     | foo-BAR-latest",
                "default component name SHA             | {{.SHA}}                     | latest",
                "override default components            | {{.GIT}}-{{.DATE}}-{{.SHA}} | 2015-03-07-BAR-2015-03-07",
            })
    void customTemplateLikeSkaffold(String description, String template, String expected) {
        DateTimeTagger dateTime = new DateTimeTagger("2006-01-02", "UTC", MARCH_7);
        EnvTemplateTagger env = new EnvTemplateTagger("{{.FOO}}");
        Map<String, Tagger> components = template.contains("GIT")
                ? Map.of("GIT", dateTime, "DATE", env, "SHA", dateTime)
                : Map.of("DT", dateTime, "ENV", env, "SHA256", new Sha256Tagger());
        assertThat(new CustomTemplateTagger(template, components, MARCH_7).generateTag(input()))
                .isEqualTo(expected);
    }

    @Test
    void customTemplateFailures() {
        assertThatThrownBy(() ->
                        new CustomTemplateTagger("{{.FOO}}", Map.of("FOO", new CustomTemplateTagger("", Map.of()))))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("nested customTemplate");
        assertThatThrownBy(() -> new CustomTemplateTagger("{{.FOO}}", Map.of("FOO", new EnvTemplateTagger("{{.BAR}}")))
                        .generateTag(input()))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("evaluating component FOO");
        assertThatThrownBy(() -> new CustomTemplateTagger("{{.FOO}}", Map.of()).generateTag(input()))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("no entry for key \"FOO\"");
    }

    @Test
    void customTemplateDefaultsGitAndDate() {
        TestRepo.init(tmp)
                .write("source.go", "code")
                .add("source.go")
                .commit("initial")
                .close();
        String tag = new CustomTemplateTagger("{{.GIT}}_{{.DATE}}", Map.of(), MARCH_7).generateTag(input());
        assertThat(tag).startsWith("eefe1b9_2015-03-07_");
    }

    @Test
    void failingDefaultComponentIsEmpty() {
        // No git repository here: GIT is empty, as in Skaffold, instead of failing the tag.
        assertThat(new CustomTemplateTagger("x{{.GIT}}y", Map.of(), MARCH_7).generateTag(input()))
                .isEqualTo("xy");
    }

    @Test
    void instantsAreUsedAsIs() {
        assertThat(new CustomTemplateTagger("{{.DATE}}", Map.of(), Clock.fixed(Instant.EPOCH, ZoneId.of("UTC")))
                        .generateTag(input()))
                .contains("1970-01-01_");
    }
}
