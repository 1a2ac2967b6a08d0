package io.kaskade.test.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.test.runner.DriverChooser.Driver;
import io.kaskade.test.structure.StructureTestFile;
import io.kaskade.test.structure.StructureTestParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the driver, platform and runtime are chosen: flags first, then the service default per file. */
class DriverChooserTest {

    private static final StructureTestFile FILES_ONLY = parse("fileExistenceTests:\n- {name: f, path: /x}\n");
    private static final StructureTestFile WITH_COMMANDS = parse("commandTests:\n- {name: c, command: ls}\n");

    @ParameterizedTest(name = "{0} / {1} / args [{2}] -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            auto   | files    |                                   | TAR    |             |
            auto   | commands |                                   | DOCKER |             |
            docker | files    |                                   | DOCKER |             |
            tar    | files    |                                   | TAR    |             |
            tar    | files    | --driver docker                   | DOCKER |             |
            docker | files    | -d tar                            | TAR    |             |
            auto   | files    | --driver=docker --runtime=runsc   | DOCKER |             | runsc
            auto   | commands | --platform linux/arm64 --pull     | DOCKER | linux/arm64 |
            auto   | files    | -o json --no-color --platform=linux/amd64 | TAR | linux/amd64 |
            """)
    void choosesAsContainerStructureTestDoes(
            String serviceDefault, String kind, String args, Driver driver, String platform, String runtime) {
        DriverChooser.Choice choice =
                new DriverChooser(serviceDefault).choose(kind.equals("files") ? FILES_ONLY : WITH_COMMANDS, args(args));
        assertThat(choice.driver()).isEqualTo(driver);
        assertThat(choice.platform()).isEqualTo(platform == null ? "" : platform);
        assertThat(choice.runtime()).isEqualTo(runtime == null ? "" : runtime);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --driver tar on commands | commands | --driver tar       | the tar driver (--driver tar) cannot run the file's 1 command tests; use --driver docker
            host driver              | files    | --driver host      | --driver host runs tests on the test service's own machine and is not supported
            unknown driver           | files    | -d podman          | unknown driver 'podman'; use docker or tar
            missing value            | files    | --platform         | structureTestsArgs: --platform needs a value
            flag as value            | files    | --runtime --pull   | structureTestsArgs: --runtime needs a value
            unknown flag             | files    | --image other:tag  | structureTestsArgs: '--image' is not supported
            runtime with tar         | files    | --runtime runsc    | --runtime runsc needs the docker driver
            """)
    void refusesWhatItCannotHonourByName(String title, String kind, String args, String message) {
        assertThatThrownBy(() ->
                        new DriverChooser("auto").choose(kind.equals("files") ? FILES_ONLY : WITH_COMMANDS, args(args)))
                .as(title)
                .isInstanceOf(DriverChooser.BadArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource({"podman", "''"})
    void aBadServiceDefaultIsAConfigError(String value) {
        assertThatThrownBy(() -> new DriverChooser(value))
                .hasMessageContaining("kaskade.test.driver must be auto, docker or tar");
    }

    private static List<String> args(String text) {
        return text == null || text.isBlank()
                ? List.of()
                : Arrays.asList(text.trim().split("\\s+"));
    }

    private static StructureTestFile parse(String body) {
        return StructureTestParser.parse(
                "t.yaml", ("schemaVersion: '2.0.0'\n" + body).getBytes(StandardCharsets.UTF_8));
    }
}
