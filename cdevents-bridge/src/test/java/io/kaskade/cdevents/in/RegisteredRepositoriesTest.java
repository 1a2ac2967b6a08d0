package io.kaskade.cdevents.in;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegisteredRepositoriesTest {

    private final RegisteredRepositories registered = new RegisteredRepositories(
            List.of("https://git.example.com/team/app.git", "https://git.example.com/other/app", "/srv/git/tool", " "));

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "https://git.example.com/team/app          | https://git.example.com/team/app.git",
                "https://git.example.com/team/app.git/     | https://git.example.com/team/app.git",
                "team/app                                  | https://git.example.com/team/app.git",
                "other/app.git                             | https://git.example.com/other/app",
                "/srv/git/tool                             | /srv/git/tool",
                "tool                                      | /srv/git/tool",
                "app                                       | -",
                "https://evil.example.com/team/app         | -",
                "eam/app                                   | -",
            })
    void aNameDenotesOneRegisteredRepositoryOrNone(String name, String expected) {
        RegisteredRepositories.Match match = registered.match(List.of(name));
        assertThat(match.repository()).isEqualTo(expected);
        assertThat(match.found() ? null : match.problem())
                .satisfiesAnyOf(p -> assertThat(p).isNull(), p -> assertThat(p).contains(name));
    }

    @org.junit.jupiter.api.Test
    void theMostSpecificNameWinsOverAnAmbiguousOne() {
        assertThat(registered
                        .match(List.of("https://git.example.com/other/app", "app"))
                        .repository())
                .isEqualTo("https://git.example.com/other/app");
        assertThat(registered.match(List.of("app")).problem()).contains("several");
    }
}
