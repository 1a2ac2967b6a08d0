package io.kaskade.test.stage;

import io.kaskade.model.config.TestCase;
import io.kaskade.model.event.ImagePushed;
import io.kaskade.model.event.TestResult;
import io.kaskade.service.confine.ConfinementException;
import io.kaskade.service.source.GitSource;
import io.kaskade.service.source.SourceException;
import io.kaskade.test.TestStageConfig;
import io.kaskade.test.engine.ContainerEngine;
import io.kaskade.test.engine.EngineException;
import io.kaskade.test.engine.HostGrants;
import io.kaskade.test.engine.ImageUnavailableException;
import io.kaskade.test.engine.registry.RegistryEngine;
import io.kaskade.test.runner.DriverChooser;
import io.kaskade.test.runner.ImageUnderTest;
import io.kaskade.test.runner.PendingResults;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The test stage for one pushed image: finds the structure-test files the run's config names for
 * the artifact at the run's commit, checks all of them before running any (a broken file fails the
 * stage, it is never skipped), lets {@link DriverChooser} pick each file's driver from its
 * {@code structureTestsArgs} and the service default, gets the image by digest through that driver and
 * runs every test.
 *
 * <p>{@code custom} tests (host commands) are not run by this stage.
 */
@ApplicationScoped
public class StructureTestStage {

    private static final Logger LOG = Logger.getLogger(StructureTestStage.class);
    private static final int MAX_LOG_TAIL = 30;

    private final ContainerEngine engine;
    private final ContainerEngine registry;
    private final StructureTestRunner runner;
    private final UnaryOperator<String> serviceEnv;
    private final DriverChooser chooser;
    private final Set<String> allowedRunOptions;

    @Inject
    public StructureTestStage(ContainerEngine engine, RegistryEngine registry, TestStageConfig config) {
        this(
                engine,
                registry,
                new StructureTestRunner(
                        engine, config.commandTimeout(), config.outputLimit(), config.commandConcurrency()),
                System::getenv,
                new DriverChooser(config.driver()),
                checkAllowed(config.allowedRunOptions().orElse(Set.of())));
    }

    /** The docker driver only, as before the tar driver existed: for tests of the docker path. */
    StructureTestStage(ContainerEngine engine, StructureTestRunner runner, UnaryOperator<String> serviceEnv) {
        this(engine, engine, runner, serviceEnv, new DriverChooser("docker"), Set.of());
    }

    StructureTestStage(
            ContainerEngine engine,
            ContainerEngine registry,
            StructureTestRunner runner,
            UnaryOperator<String> serviceEnv,
            DriverChooser chooser,
            Set<String> allowedRunOptions) {
        this.engine = engine;
        this.registry = registry;
        this.runner = runner;
        this.serviceEnv = serviceEnv;
        this.chooser = chooser;
        this.allowedRunOptions = Set.copyOf(allowedRunOptions);
    }

    private static Set<String> checkAllowed(Set<String> allowed) {
        for (String option : allowed) {
            if (!StructureTestParser.RUN_OPTIONS.contains(option)) {
                throw new IllegalArgumentException("kaskade.test.allowed-run-options: unknown option '" + option
                        + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(StructureTestParser.RUN_OPTIONS)));
            }
        }
        return allowed;
    }

    /** Tests the event's image; never throws for bad input or a failing image, only reports. */
    public StageOutcome test(ImagePushed event) {
        List<TestCase> entries = new ArrayList<>();
        for (TestCase testCase : event.config().test()) {
            if (event.artifact().equals(testCase.image())
                    && !testCase.structureTests().isEmpty()) {
                entries.add(testCase);
            }
        }
        if (entries.isEmpty()) {
            return StageOutcome.passed(List.of());
        }
        Path workspace;
        try {
            workspace = Files.createTempDirectory("kaskade-test-");
        } catch (IOException e) {
            return StageOutcome.failed(
                    StageOutcome.INTERNAL_ERROR,
                    "cannot create a workspace: " + e.getMessage(),
                    "Check the free space and permissions of the test service's temporary folder.");
        }
        try {
            return test(event, entries, workspace.resolve("source"));
        } finally {
            GitSource.deleteRecursively(workspace);
        }
    }

    private StageOutcome test(ImagePushed event, List<TestCase> entries, Path checkout) {
        try {
            GitSource.checkout(event.repository(), event.commit(), checkout);
        } catch (SourceException e) {
            return StageOutcome.failed(
                    StageOutcome.SOURCE_UNAVAILABLE,
                    "cannot read the structure tests of " + event.artifact() + ": " + e.getMessage(),
                    "Make sure the repository " + event.repository() + " and commit " + event.commit()
                            + " are reachable from the test service.");
        }
        Prepared prepared = prepare(event, entries, new TestFileResolver(checkout));
        prepared.problems.addAll(unknownRuntimes(prepared.choices));
        if (!prepared.problems.isEmpty()) {
            // A path that leaves the checkout gets the code every stage uses for it; other problems stay
            // TEST_CONFIG_INVALID.
            return StageOutcome.failed(
                    prepared.escapes ? ConfinementException.CODE : StageOutcome.CONFIG_INVALID,
                    "structure tests of " + event.artifact() + " at commit " + shortSha(event.commit())
                            + " cannot be run: " + String.join("; ", prepared.problems),
                    "Fix the structure-test files (schemaVersion '2.0.0' or '1.0.0', fields as in "
                            + "container-structure-test), the test[].structureTests entries or structureTestsArgs "
                            + "of skaffold.yaml, and push again.");
        }
        return run(event, prepared);
    }

    /** Every file of the run's test entries, parsed and given its driver and settings, before any test runs. */
    private static final class Prepared {
        final Map<String, StructureTestFile> files = new LinkedHashMap<>();
        final Map<String, RunSettings> settings = new LinkedHashMap<>();
        final Map<String, DriverChooser.Choice> choices = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        boolean escapes;
    }

    private Prepared prepare(ImagePushed event, List<TestCase> entries, TestFileResolver resolver) {
        Prepared prepared = new Prepared();
        for (TestCase testCase : entries) {
            try {
                for (String name : resolver.resolve(testCase.structureTests())) {
                    try {
                        prepareFile(prepared, event, testCase, name, resolver);
                    } catch (InvalidStructureTestException e) {
                        prepared.problems.add(e.getMessage());
                    } catch (TestFileResolver.UnresolvedException e) {
                        prepared.escapes |= e.escapes;
                        prepared.problems.add(name + ": " + e.getMessage());
                    } catch (IllegalArgumentException | DriverChooser.BadArgumentException e) {
                        prepared.problems.add(name + ": " + e.getMessage());
                    }
                }
            } catch (TestFileResolver.UnresolvedException e) {
                prepared.escapes |= e.escapes;
                prepared.problems.add(e.getMessage());
            }
        }
        return prepared;
    }

    private void prepareFile(
            Prepared prepared, ImagePushed event, TestCase testCase, String name, TestFileResolver resolver)
            throws TestFileResolver.UnresolvedException {
        StructureTestFile file =
                StructureTestParser.parse(name, resolver.read(name, "structure test file"), allowedRunOptions);
        DriverChooser.Choice choice = chooser.choose(file, testCase.structureTestsArgs());
        if (event.localOnly() && choice.driver() == DriverChooser.Driver.TAR) {
            // an image that was never pushed is only on the engine that built it
            choice = new DriverChooser.Choice(DriverChooser.Driver.DOCKER, choice.platform(), "");
        }
        prepared.files.put(name, file);
        prepared.choices.put(name, choice);
        prepared.settings.put(name, settings(file, resolver).withRuntime(choice.runtime()));
    }

    /**
     * Gets the image once per driver and platform (one inspect, one file-reading container or layer
     * download, whatever the number of files), then runs every file's tests on it: command tests side by
     * side on the runner's pool, results in config order.
     */
    private StageOutcome run(ImagePushed event, Prepared prepared) {
        long start = System.nanoTime();
        Map<String, ImageUnderTest> images = new LinkedHashMap<>();
        PendingResults pending = new PendingResults();
        try {
            for (Map.Entry<String, DriverChooser.Choice> entry : prepared.choices.entrySet()) {
                DriverChooser.Choice choice = entry.getValue();
                if (!images.containsKey(key(choice))) {
                    ContainerEngine driverEngine = choice.driver() == DriverChooser.Driver.TAR ? registry : engine;
                    String image;
                    try {
                        // build.local.push: false leaves the image on the engine that built it, named by its id.
                        image = event.localOnly() ? event.image() : driverEngine.pull(event.image(), choice.platform());
                    } catch (ImageUnavailableException e) {
                        return unavailable(event, choice.driver(), e); // every pull comes first: no test has started
                    }
                    images.put(key(choice), new ImageUnderTest(driverEngine, image));
                }
            }
            for (Map.Entry<String, StructureTestFile> entry : prepared.files.entrySet()) {
                String name = entry.getKey();
                runner.start(
                        name,
                        entry.getValue(),
                        images.get(key(prepared.choices.get(name))),
                        prepared.settings.get(name),
                        pending);
            }
            List<TestResult> results = pending.await();
            return report(
                    event, results, Duration.ofNanos(System.nanoTime() - start).toMillis());
        } finally {
            // after an unexpected failure, no test may outlive the stage (each removes its own container)
            try {
                pending.settle();
            } finally {
                images.values().forEach(ImageUnderTest::close);
            }
        }
    }

    private static String key(DriverChooser.Choice choice) {
        return choice.driver() + " " + choice.platform();
    }

    private static StageOutcome unavailable(
            ImagePushed event, DriverChooser.Driver driver, ImageUnavailableException e) {
        return StageOutcome.failed(
                StageOutcome.IMAGE_UNAVAILABLE,
                "cannot test " + event.artifact() + " (" + driver.name().toLowerCase(Locale.ROOT) + " driver): "
                        + e.getMessage(),
                driver == DriverChooser.Driver.TAR
                        ? "Check that the registry holding " + event.image()
                                + " is reachable from the test service and serves the platform asked for."
                        : "Check that the registry holding " + event.image()
                                + " is running and reachable from the test service's Docker engine.");
    }

    private static StageOutcome report(ImagePushed event, List<TestResult> results, long millis) {
        List<TestResult> failed = results.stream().filter(r -> !r.passed()).toList();
        if (failed.isEmpty()) {
            return StageOutcome.passed(results, millis);
        }
        List<String> names = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        for (TestResult result : failed) {
            names.add("'" + result.name() + "' (" + result.kind() + " test in " + result.file() + ")");
            for (String error : result.errors()) {
                tail.add(result.file() + " / " + result.name() + ": " + firstLine(error));
            }
        }
        return StageOutcome.testsFailed(
                results,
                millis,
                failed.size() + " of " + results.size() + " structure tests failed for " + event.image() + ": "
                        + String.join(", ", names),
                "Fix the image or the failing tests, then push again. To reproduce locally: "
                        + "container-structure-test test --image " + event.image() + " --config <file>.",
                tail.size() > MAX_LOG_TAIL ? tail.subList(tail.size() - MAX_LOG_TAIL, tail.size()) : tail);
    }

    /** {@code --runtime} names a runtime of the Docker engine; one it does not know is named in the error. */
    private List<String> unknownRuntimes(Map<String, DriverChooser.Choice> choices) {
        List<String> problems = new ArrayList<>();
        Set<String> known = null;
        for (Map.Entry<String, DriverChooser.Choice> entry : choices.entrySet()) {
            String runtime = entry.getValue().runtime();
            if (runtime.isEmpty()) {
                continue;
            }
            if (known == null) {
                try {
                    known = engine.runtimes();
                } catch (EngineException e) {
                    problems.add(entry.getKey() + ": --runtime " + runtime + " cannot be checked: " + e.getMessage());
                    return problems;
                }
            }
            if (!known.contains(runtime)) {
                problems.add(entry.getKey() + ": --runtime " + runtime + " is not known to the Docker engine; it has: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
        return problems;
    }

    private RunSettings settings(StructureTestFile file, TestFileResolver resolver)
            throws TestFileResolver.UnresolvedException {
        ContainerRunOptions options = file.containerRunOptions();
        List<String> env = new ArrayList<>();
        if (!options.envFile().isEmpty()) {
            env.addAll(
                    EnvFile.parse(resolver.read(options.envFile(), "containerRunOptions.envFile"), options.envFile()));
        }
        for (String variable : options.envVars()) {
            String value = serviceEnv.apply(variable);
            if (value != null && !value.isEmpty()) {
                env.add(variable + "=" + value);
            }
        }
        HostGrants grants = new HostGrants(options.privileged(), options.capabilities(), options.bindMounts());
        return new RunSettings(file.globalEnvVars(), env, options.user(), options.allocateTty(), "", grants);
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
