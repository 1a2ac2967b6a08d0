package io.kaskade.test.runner;

import io.kaskade.test.structure.StructureTestFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one place that decides how a structure-test file runs: which driver, for which platform, with
 * which container runtime. As container-structure-test decides it:
 * <ol>
 *   <li>{@code --driver}/{@code -d} in the test's {@code structureTestsArgs} ({@code docker} or {@code tar});</li>
 *   <li>else the service default {@code kaskade.test.driver}: {@code docker}, {@code tar}, or {@code auto},
 *       which picks {@code tar} for a file without command tests (it needs no Docker engine) and
 *       {@code docker} for one with them — the per-file default.</li>
 * </ol>
 * {@code --platform} selects an image of a multi-platform index; {@code --runtime} names the engine's
 * container runtime (docker driver only). The other flags of the binary that change nothing here
 * (output format, colour, pulling) are accepted and ignored; any other flag is refused by name, since
 * these flags come from the repository under test.
 */
public final class DriverChooser {

    /** How a file's tests reach the image. */
    public enum Driver {
        /** The Docker engine: every test kind. */
        DOCKER,
        /** The registry only (container-structure-test's tar driver): no command tests. */
        TAR
    }

    /** The decision for one file, with the flags it was taken from. */
    public record Choice(Driver driver, String platform, String runtime) {}

    /** Thrown for a flag that is not allowed or lacks its value; the message names it. */
    public static final class BadArgumentException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadArgumentException(String message) {
            super(message);
        }
    }

    /** Flags of the binary that only change its output or local caching: harmless and ignored. */
    private static final Set<String> IGNORED_WITH_VALUE =
            Set.of("--output", "-o", "--test-report", "--verbosity", "-v", "--default-image-tag", "--metadata");

    private static final Set<String> IGNORED_SWITCHES =
            Set.of("--pull", "--no-color", "--quiet", "-q", "--save", "--force", "--json");

    private final String serviceDefault;

    /** @param serviceDefault {@code kaskade.test.driver}: {@code auto}, {@code docker} or {@code tar} */
    public DriverChooser(String serviceDefault) {
        String value = serviceDefault == null ? "auto" : serviceDefault.trim().toLowerCase(Locale.ROOT);
        if (!Set.of("auto", "docker", "tar").contains(value)) {
            throw new IllegalArgumentException(
                    "kaskade.test.driver must be auto, docker or tar, not '" + serviceDefault + "'");
        }
        this.serviceDefault = value;
    }

    /**
     * @param args the test's {@code structureTestsArgs}
     * @throws BadArgumentException naming a flag that is refused, malformed or does not fit the file
     */
    public Choice choose(StructureTestFile file, List<String> args) {
        String driver = null;
        String platform = "";
        String runtime = "";
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("-") && eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (flag) {
                case "--driver", "-d" -> driver = value(flag, value, rest).toLowerCase(Locale.ROOT);
                case "--platform" -> platform = value(flag, value, rest);
                case "--runtime" -> runtime = value(flag, value, rest);
                default -> {
                    if (IGNORED_WITH_VALUE.contains(flag)) {
                        value(flag, value, rest);
                    } else if (!IGNORED_SWITCHES.contains(flag)) {
                        throw new BadArgumentException("structureTestsArgs: '" + arg + "' is not supported; allowed: "
                                + "--driver/-d docker|tar, --platform os/arch[/variant], --runtime NAME, and (ignored) "
                                + String.join(", ", new java.util.TreeSet<>(IGNORED_SWITCHES)) + ", "
                                + String.join(", ", new java.util.TreeSet<>(IGNORED_WITH_VALUE)));
                    }
                }
            }
        }
        Driver chosen = driverFor(driver, file);
        if (chosen == Driver.TAR && !file.commandTests().isEmpty()) {
            throw new BadArgumentException(
                    "the tar driver" + (driver != null ? " (--driver " + driver + ")" : " (kaskade.test.driver=tar)")
                            + " cannot run the file's " + file.commandTests().size()
                            + " command tests; use --driver docker");
        }
        if (chosen == Driver.TAR && !runtime.isEmpty()) {
            throw new BadArgumentException("structureTestsArgs: --runtime " + runtime
                    + " needs the docker driver; the tar driver starts no containers");
        }
        return new Choice(chosen, platform, runtime);
    }

    /** The driver {@code --driver} names, else the service's default ({@code auto}: tar unless there are command tests). */
    private Driver driverFor(String driver, StructureTestFile file) {
        if (driver != null) {
            return switch (driver) {
                case "docker" -> Driver.DOCKER;
                case "tar" -> Driver.TAR;
                case "host" ->
                    throw new BadArgumentException("structureTestsArgs: --driver host runs tests on the "
                            + "test service's own machine and is not supported; use docker or tar");
                default ->
                    throw new BadArgumentException(
                            "structureTestsArgs: unknown driver '" + driver + "'; use docker or tar");
            };
        }
        return switch (serviceDefault) {
            case "docker" -> Driver.DOCKER;
            case "tar" -> Driver.TAR;
            default -> file.commandTests().isEmpty() ? Driver.TAR : Driver.DOCKER;
        };
    }

    private static String value(String flag, String inline, List<String> rest) {
        String value = inline != null ? inline : rest.isEmpty() ? null : rest.remove(0);
        if (value == null || value.isBlank() || (inline == null && value.startsWith("-"))) {
            throw new BadArgumentException("structureTestsArgs: " + flag + " needs a value");
        }
        return value.trim();
    }
}
