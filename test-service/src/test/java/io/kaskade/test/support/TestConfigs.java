package io.kaskade.test.support;

import io.kaskade.model.config.ConfigLoader;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.config.TestCase;
import java.util.List;

/** Run configs for test events, read from skaffold.yaml text the way the trigger reads them. */
public final class TestConfigs {
    private TestConfigs() {}

    /** A config building every artifact the tests name, with those structure tests. */
    public static SkaffoldConfig withTests(List<TestCase> tests) {
        StringBuilder yaml = new StringBuilder("apiVersion: " + SkaffoldConfig.CURRENT_API_VERSION + "\nkind: Config\n");
        yaml.append("build:\n  artifacts:\n");
        tests.stream().map(TestCase::image).distinct()
                .forEach(image -> yaml.append("  - image: ").append(image).append('\n'));
        yaml.append("test:\n");
        for (TestCase test : tests) {
            yaml.append("- image: ").append(test.image()).append("\n  structureTests:\n");
            for (String entry : test.structureTests()) {
                yaml.append("  - '").append(entry.replace("'", "''")).append("'\n");
            }
        }
        List<SkaffoldConfig> configs = ConfigLoader.parse(yaml.toString(), "test skaffold.yaml");
        return configs.get(0);
    }
}
