package io.kaskade.test.support;

import io.kaskade.core.config.ConfigLoader;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.TestCase;
import java.util.List;

/** Run configs for test events, read from skaffold.yaml text the way the trigger reads them. */
public final class TestConfigs {
    private TestConfigs() {}

    /** A config building every artifact the tests name, with those structure tests. */
    public static SkaffoldConfig withTests(List<TestCase> tests) {
        return withTests(tests, tests.isEmpty() ? "app" : tests.get(0).image());
    }

    /** A config building {@code artifact} and the artifacts the tests name, with those structure tests. */
    public static SkaffoldConfig withTests(List<TestCase> tests, String artifact) {
        StringBuilder yaml =
                new StringBuilder("apiVersion: " + SkaffoldConfig.CURRENT_API_VERSION + "\nkind: Config\n");
        yaml.append("build:\n  artifacts:\n");
        java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(artifact), tests.stream().map(TestCase::image))
                .distinct()
                .forEach(image -> yaml.append("  - image: ").append(image).append('\n'));
        if (!tests.isEmpty()) {
            yaml.append("test:\n");
        }
        for (TestCase test : tests) {
            yaml.append("- image: ").append(test.image()).append("\n  structureTests:\n");
            for (String entry : test.structureTests()) {
                yaml.append("  - '").append(entry.replace("'", "''")).append("'\n");
            }
            if (!test.structureTestsArgs().isEmpty()) {
                yaml.append("  structureTestsArgs:\n");
                for (String arg : test.structureTestsArgs()) {
                    yaml.append("  - '").append(arg.replace("'", "''")).append("'\n");
                }
            }
        }
        List<SkaffoldConfig> configs = ConfigLoader.parse(yaml.toString(), "test skaffold.yaml");
        return configs.get(0);
    }
}
