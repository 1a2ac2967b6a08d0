package io.kaskade.test.stage;

import io.kaskade.model.config.TestCase;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.TestResult;
import io.kaskade.service.confine.ConfinementException;
import io.kaskade.service.source.GitSource;
import io.kaskade.service.source.SourceException;
import io.kaskade.test.TestStageConfig;
import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.ImageUnavailableException;
import io.kaskade.test.runner.RunSettings;
import io.kaskade.test.runner.StructureTestRunner;
import io.kaskade.test.structure.ContainerRunOptions;
import io.kaskade.test.structure.InvalidStructureTestException;
import io.kaskade.test.structure.StructureTestFile;
import io.kaskade.test.structure.StructureTestParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The test stage for one pushed image: finds the structure-test files the run's config names for
 * the artifact at the run's commit, checks all of them before running any (a broken file fails the
 * stage, it is never skipped), pulls the image by digest and runs every test.
 *
 * <p>{@code structureTestsArgs} are command-line flags of the container-structure-test binary, which
 * Kaskade does not run; they are logged and otherwise ignored. {@code custom} tests (host commands)
 * are not run by this stage.
 */
@ApplicationScoped
public class StructureTestStage {

    private static final Logger LOG = Logger.getLogger(StructureTestStage.class);
    private static final int MAX_LOG_TAIL = 30;

    private final ContainerEngine engine;
    private final StructureTestRunner runner;
    private final UnaryOperator<String> serviceEnv;

    @Inject
    public StructureTestStage(ContainerEngine engine, TestStageConfig config) {
        this(engine, new StructureTestRunner(engine, config.commandTimeout()), System::getenv);
    }

    StructureTestStage(ContainerEngine engine, StructureTestRunner runner, UnaryOperator<String> serviceEnv) {
        this.engine = engine;
        this.runner = runner;
        this.serviceEnv = serviceEnv;
    }

    /** Tests the event's image; never throws for bad input or a failing image, only reports. */
    public StageOutcome test(ImagePushed event) {
        List<String> entries = new ArrayList<>();
        for (TestCase testCase : event.config().test()) {
            if (event.artifact().equals(testCase.image())) {
                entries.addAll(testCase.structureTests());
                if (!testCase.structureTestsArgs().isEmpty()) {
                    LOG.infof("run %s: ignoring structureTestsArgs %s of %s (flags of the container-structure-test binary)",
                            event.runId(), testCase.structureTestsArgs(), event.artifact());
                }
            }
        }
        if (entries.isEmpty()) {
            return StageOutcome.passed(List.of());
        }
        Path workspace;
        try {
            workspace = Files.createTempDirectory("kaskade-test-");
        } catch (IOException e) {
            return StageOutcome.failed(StageOutcome.INTERNAL_ERROR, "cannot create a workspace: " + e.getMessage(),
                    "Check the free space and permissions of the test service's temporary folder.");
        }
        try {
            return test(event, entries, workspace.resolve("source"));
        } finally {
            GitSource.deleteRecursively(workspace);
        }
    }

    private StageOutcome test(ImagePushed event, List<String> entries, Path checkout) {
        try {
            GitSource.checkout(event.repository(), event.commit(), checkout);
        } catch (SourceException e) {
            return StageOutcome.failed(StageOutcome.SOURCE_UNAVAILABLE,
                    "cannot read the structure tests of " + event.artifact() + ": " + e.getMessage(),
                    "Make sure the repository " + event.repository() + " and commit " + event.commit()
                            + " are reachable from the test service.");
        }
        TestFileResolver resolver = new TestFileResolver(checkout);
        Map<String, StructureTestFile> files = new LinkedHashMap<>();
        Map<String, RunSettings> settings = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        boolean escapes = false;
        try {
            for (String name : resolver.resolve(entries)) {
                try {
                    StructureTestFile file = StructureTestParser.parse(name, resolver.read(name, "structure test file"));
                    files.put(name, file);
                    settings.put(name, settings(file, resolver));
                } catch (InvalidStructureTestException e) {
                    problems.add(e.getMessage());
                } catch (TestFileResolver.UnresolvedException e) {
                    escapes |= e.escapes;
                    problems.add(name + ": " + e.getMessage());
                } catch (IllegalArgumentException e) {
                    problems.add(name + ": " + e.getMessage());
                }
            }
        } catch (TestFileResolver.UnresolvedException e) {
            escapes |= e.escapes;
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            // A path that leaves the checkout gets the code every stage uses for it; other problems stay TEST_CONFIG_INVALID.
            return StageOutcome.failed(escapes ? ConfinementException.CODE : StageOutcome.CONFIG_INVALID,
                    "structure tests of " + event.artifact() + " at commit " + shortSha(event.commit())
                            + " cannot be run: " + String.join("; ", problems),
                    "Fix the structure-test files (schemaVersion '2.0.0', fields as in container-structure-test) "
                            + "or the test[].structureTests entries of skaffold.yaml, and push again.");
        }

        String image;
        try {
            // build.local.push: false leaves the image on the engine that built it, named by its id: nothing to pull.
            image = event.localOnly() ? event.image() : engine.pull(event.image());
        } catch (ImageUnavailableException e) {
            return StageOutcome.failed(StageOutcome.IMAGE_UNAVAILABLE,
                    "cannot test " + event.artifact() + ": " + e.getMessage(),
                    "Check that the registry holding " + event.image()
                            + " is running and reachable from the test service's Docker engine.");
        }

        List<TestResult> results = new ArrayList<>();
        files.forEach((name, file) -> results.addAll(runner.run(name, file, image, settings.get(name))));

        List<TestResult> failed = results.stream().filter(r -> !r.passed()).toList();
        if (failed.isEmpty()) {
            return StageOutcome.passed(results);
        }
        List<String> names = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        for (TestResult result : failed) {
            names.add("'" + result.name() + "' (" + result.kind() + " test in " + result.file() + ")");
            for (String error : result.errors()) {
                tail.add(result.file() + " / " + result.name() + ": " + firstLine(error));
            }
        }
        return StageOutcome.testsFailed(results,
                failed.size() + " of " + results.size() + " structure tests failed for " + event.image() + ": "
                        + String.join(", ", names),
                "Fix the image or the failing tests, then push again. To reproduce locally: "
                        + "container-structure-test test --image " + event.image() + " --config <file>.",
                tail.size() > MAX_LOG_TAIL ? tail.subList(tail.size() - MAX_LOG_TAIL, tail.size()) : tail);
    }

    private RunSettings settings(StructureTestFile file, TestFileResolver resolver)
            throws TestFileResolver.UnresolvedException {
        ContainerRunOptions options = file.containerRunOptions();
        List<String> env = new ArrayList<>();
        if (!options.envFile().isEmpty()) {
            env.addAll(EnvFile.parse(resolver.read(options.envFile(), "containerRunOptions.envFile"), options.envFile()));
        }
        for (String variable : options.envVars()) {
            String value = serviceEnv.apply(variable);
            if (value != null && !value.isEmpty()) {
                env.add(variable + "=" + value);
            }
        }
        return new RunSettings(file.globalEnvVars(), env, options.user(), options.allocateTty());
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline) + " ...";
        return line.length() > 500 ? line.substring(0, 500) + " ..." : line;
    }

    private static String shortSha(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
