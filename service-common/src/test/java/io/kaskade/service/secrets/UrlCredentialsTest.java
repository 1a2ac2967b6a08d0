package io.kaskade.service.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlCredentialsTest {

    @ParameterizedTest
    @CsvSource({
        "https://user:tok3n@git.example.com/team/app.git, https://git.example.com/team/app.git",
        "https://tok3n@git.example.com/app.git, https://git.example.com/app.git",
        "http://u:p@127.0.0.1:3000/a/b.git, http://127.0.0.1:3000/a/b.git",
        "git://u:p@host/x.git, git://host/x.git",
        "ssh://git@host/x.git, ssh://git@host/x.git",
        "ssh://git:pw@host/x.git, ssh://git@host/x.git",
        "https://git.example.com/team/app.git, https://git.example.com/team/app.git",
        "https://git.example.com/a@b/app.git, https://git.example.com/a@b/app.git",
        "/home/dev/app, /home/dev/app",
        "https://u:p%40ss@host/a.git, https://host/a.git",
        "'cannot fetch http://b:tok@127.0.0.1:9/a.git: http://b@127.0.0.1:9/a.git: failed', 'cannot fetch http://127.0.0.1:9/a.git: http://127.0.0.1:9/a.git: failed'",
        "mail me at dev@example.com, mail me at dev@example.com"
    })
    void stripsCredentials(String url, String stripped) {
        assertThat(UrlCredentials.strip(url)).isEqualTo(stripped);
        assertThat(UrlCredentials.hasCredentials(url)).isEqualTo(!url.equals(stripped));
    }
}
