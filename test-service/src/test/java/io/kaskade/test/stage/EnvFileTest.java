package io.kaskade.test.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvFileTest {

    @Test
    void readsDotenvLines() {
        String content = """
                # comment
                FOO=keepitsecret!
                export BAR="keepitsafe!"
                QUOTED='a # b'
                TRAILING=value # note
                EMPTY=

                COLON: yes
                """;
        assertThat(EnvFile.parse(content.getBytes(StandardCharsets.UTF_8), "tests/envfile"))
                .containsExactly("FOO=keepitsecret!", "BAR=keepitsafe!", "QUOTED=a # b", "TRAILING=value", "COLON=yes");
    }

    @Test
    void namesTheBadLine() {
        assertThatThrownBy(() -> EnvFile.parse("A=1\njust words\n".getBytes(StandardCharsets.UTF_8), "tests/envfile"))
                .hasMessage("tests/envfile line 2 is not KEY=value");
    }
}
