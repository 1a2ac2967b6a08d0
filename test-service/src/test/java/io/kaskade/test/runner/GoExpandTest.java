package io.kaskade.test.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoExpandTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/bin", "HOME", "/root", "A_1", "x");

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            echo $PATH              | echo /bin
            ${HOME}/bin             | /root/bin
            $A_1-y                  | x-y
            $UNSET.                 | .
            price $                 | price $
            a$.b                    | a$.b
            ${}x                    | x
            ${unclosed              | unclosed
            $1 $$                   | " "
            no vars                 | no vars
            """)
    void expandsLikeGosOsExpand(String input, String expected) {
        assertThat(GoExpand.expand(input, ENV)).isEqualTo(expected);
    }
}
