package io.kaskade.trigger.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoLocationTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/home/dev/app | LOCAL",
                "relative/app | LOCAL",
                "file:///etc | LOCAL",
                "FILE:/etc | LOCAL",
                "https://git.example.com/a.git | REMOTE",
                "http://127.0.0.1:3000/a.git | REMOTE",
                "git://git.example.com/a.git | REMOTE",
                "ssh://git@example.com/a.git | SSH",
                "git+ssh://git@example.com/a.git | SSH",
                "git@github.com:acme/app.git | SSH",
                "ext::sh -c touch% /tmp/x | OTHER",
                "fd::17 | OTHER",
                "ftp://example.com/a.git | OTHER"
            })
    void classifies(String repo, RepoLocation expected) {
        assertThat(RepoLocation.of(repo)).isEqualTo(expected);
    }
}
