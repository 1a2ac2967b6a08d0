package io.kaskade.monitor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kaskade.model.event.PipelineEvent;
import io.kaskade.model.event.ResourcePhase;
import io.kaskade.model.event.Stage;
import io.kaskade.monitor.RunEvents;
import io.kaskade.testing.EventProbe;
import io.kaskade.testing.KafkaBroker;
import io.kaskade.testing.KafkaResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's Chromium driven by its own chromedriver, headless. The
 * driver path is set explicitly, so Selenium Manager never tries to download one (there is no
 * network for that here, nor in CI).
 */
@QuarkusTest
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Generous: on a loaded machine the browser, the broker and the consumer group can all be slow. */
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TestHTTPResource("/")
    URL dashboard;

    private final EventProbe probe = new EventProbe(KafkaBroker.bootstrapServers());
    private ChromeDriverService service;
    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the dashboard test needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + "; install them with: apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        profile = Files.createTempDirectory("kaskade-dashboard-chromium");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(WAIT)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1280,900");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .map(Path::toFile)
                        .forEach(File::delete);
            }
        }
    }

    @Test
    void stagesTurnGreenLiveAndAFailureShowsItsError() throws IOException {
        browser.get(dashboard.toString());
        waitFor(
                "the page to follow the live stream",
                () -> "true".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-live")));
        // Survives only as long as the page is not reloaded.
        ((JavascriptExecutor) browser).executeScript("window.kaskadeNoReload = 'still here';");

        String repository = RunEvents.newRepository();
        RunEvents ok = new RunEvents(repository, now());
        publish(ok.sourceChanged(100), ok.started(200, Stage.BUILD, "docker"));
        awaitStage(ok, Stage.TRIGGER, "succeeded");
        awaitStage(ok, Stage.BUILD, "running");
        probe.send(
                "kaskade.build-log",
                ok.run.runId(),
                Map.of(),
                ("{\"runId\":\"" + ok.run.runId() + "\",\"artifact\":\"" + ok.image
                                + "\",\"line\":\"Step 1/2 : FROM busybox\",\"time\":\"" + now() + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        waitFor("the build log line", () -> card(ok).getText().contains("build log"));

        publish(ok.built(1_000), ok.pushed(1_100));
        awaitStage(ok, Stage.BUILD, "succeeded");
        publish(ok.started(1_200, Stage.TEST, "container-structure-test"), ok.tested(1_800));
        awaitStage(ok, Stage.TEST, "succeeded");
        publish(ok.started(1_900, Stage.DEPLOY, "docker"), ok.progress(2_000, ResourcePhase.PROGRESSING, "starting"));
        awaitStage(ok, Stage.DEPLOY, "running");
        publish(ok.progress(2_300, ResourcePhase.READY, "running"), ok.deployed(2_500));
        awaitStage(ok, Stage.DEPLOY, "succeeded");
        waitFor("the run's outcome", () -> "succeeded".equals(card(ok).getDomAttribute("data-outcome")));

        RunEvents bad = new RunEvents(RunEvents.newRepository(), now());
        publish(
                bad.sourceChanged(100),
                bad.started(150, Stage.BUILD, "docker"),
                bad.failed(900, Stage.BUILD, "BUILD_DOCKER_FAILED", "docker build of web failed at step 3/4"));
        awaitStage(bad, Stage.BUILD, "failed");
        waitFor("the failed run's outcome", () -> "failed".equals(card(bad).getDomAttribute("data-outcome")));
        WebElement failure = card(bad).findElement(By.className("failure"));
        assertThat(failure.findElement(By.className("error-code")).getText()).isEqualTo("BUILD_DOCKER_FAILED");
        assertThat(failure.findElement(By.className("error-message")).getText()).contains("step 3/4");
        assertThat(failure.findElement(By.className("suggestion")).getText()).isEqualTo("do what the message says");
        // Log lines are text: markup in them is shown, never interpreted.
        assertThat(failure.findElement(By.className("log-tail")).getText()).contains("<b>line two</b>");
        assertThat(failure.findElements(By.tagName("b"))).isEmpty();

        assertThat(((JavascriptExecutor) browser).executeScript("return window.kaskadeNoReload;"))
                .as("the page was never reloaded")
                .isEqualTo("still here");
        screenshot();

        new Select(browser.findElement(By.id("filter-outcome"))).selectByValue("failed");
        waitFor(
                "the outcome filter",
                () -> browser.findElements(runSelector(ok)).isEmpty()
                        && !browser.findElements(runSelector(bad)).isEmpty());
        new Select(browser.findElement(By.id("filter-outcome"))).selectByValue("");
        new Select(browser.findElement(By.id("filter-repository"))).selectByValue(repository);
        waitFor(
                "the repository filter",
                () -> !browser.findElements(runSelector(ok)).isEmpty()
                        && browser.findElements(runSelector(bad)).isEmpty());
    }

    private void publish(PipelineEvent... events) {
        for (PipelineEvent e : events) {
            probe.publish(topic(e), e, "/kaskade/test");
        }
    }

    private static String topic(PipelineEvent e) {
        return "kaskade."
                + switch (e.type()) {
                    case SOURCE_CHANGED -> "source-changed";
                    case STAGE_STARTED -> "stage-started";
                    case IMAGE_BUILT -> "image-built";
                    case IMAGE_PUSHED -> "image-pushed";
                    case STRUCTURE_TESTED -> "structure-tested";
                    case STATUS_CHECK_PROGRESS -> "status-check-progress";
                    case DEPLOYED -> "deployed";
                    case STAGE_FAILED -> "stage-failed";
                    case RUN_FINISHED -> "run-finished";
                };
    }

    private static By runSelector(RunEvents run) {
        return By.cssSelector("section.run[data-run-id='" + run.run.runId() + "']");
    }

    private WebElement card(RunEvents run) {
        return browser.findElement(runSelector(run));
    }

    private void awaitStage(RunEvents run, Stage stage, String status) {
        By chip =
                By.cssSelector("section.run[data-run-id='" + run.run.runId() + "'] .stage[data-stage='" + stage + "']");
        waitFor(
                stage + " " + status + " for run " + run.run.runId(),
                () -> browser.findElements(chip).stream()
                        .anyMatch(e -> status.equals(e.getDomAttribute("data-status"))));
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT, Duration.ofMillis(200))
                .withMessage("waiting for " + what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> condition.getAsBoolean());
    }

    /** Kept with the test reports; docs/dashboard.png in the README is a copy of one. */
    private void screenshot() throws IOException {
        Path target = Path.of("target", "dashboard.png");
        Files.createDirectories(target.getParent());
        Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
