package io.kaskade.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.e2e.chaos.ChaosStack.Service;
import io.kaskade.model.event.Stage;
import io.kaskade.testing.RealParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chaos suite: 20 concurrent runs (4 repositories x 5 commits) per case through the real packaged
 * services, each a process, on a real broker process, the real Docker engine and registry, while
 * faults are injected at moments chosen by watching the events. Each case ends when every run has its
 * {@code RunFinished} from monitor-service and every consumer group has caught up, and then requires:
 * no request without a run, no run without exactly one outcome, exactly one {@code Deployed} per
 * succeeded run and none for the others, and no request started twice. The figures go to
 * {@code target/chaos-figures.md} and the test output; docs/reliability.md quotes them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    static final int REPOS = 4;
    static final int COMMITS = 5;
    private static final Duration RUNS_TIMEOUT = Duration.ofMinutes(5);

    private static final List<Figures> FIGURES = new ArrayList<>();
    private static final List<ChaosLoad> LOADS = new ArrayList<>();
    private static ChaosStack stack;
    private static RecordSender sender;
    private static Faults faults;

    @BeforeAll
    static void startStack() throws IOException {
        RealParts.requireDocker();
        RealParts.requireRegistry();
        Path root = Path.of(System.getProperty("kaskade.root", ".."))
                .toAbsolutePath()
                .normalize();
        stack = ChaosStack.start(root);
        sender = new RecordSender(stack.broker().bootstrapServers());
        faults = new Faults(stack);
    }

    @AfterAll
    static void stopStack() throws IOException {
        StringBuilder table = new StringBuilder(Figures.HEADER).append('\n');
        FIGURES.forEach(f -> table.append(f.row()).append('\n'));
        System.out.println("Chaos suite figures:\n" + table);
        Path out = Path.of("target", "chaos-figures.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
        if (sender != null) {
            sender.close();
        }
        if (stack != null) {
            stack.close();
        }
        LOADS.forEach(load -> Containers.removeDeployedFor(load.repositories()));
        Containers.removeImages("127.0.0.1:5000/chaos/");
    }

    @Test
    @Order(1)
    void theBrokerStoppedAndRestartedMidRun() throws Exception {
        Case c = begin("broker restart");
        c.publish();
        faults.await(
                "the broker has carried 4 ImagePushed of the load and runs are still open",
                () -> c.view.runsOn(EventLog.IMAGE_PUSHED).size() >= 4
                        && c.view.unfinished().size() >= 10);
        faults.restartBroker();
        c.finish(1);
    }

    @Test
    @Order(2)
    void killMinus9OfEachServiceOneAtATimeMidStage() throws Exception {
        Case c = begin("kill -9 of each service");
        c.publish();
        int total = COMMITS * REPOS;
        faults.killAndRestart(Service.TRIGGER, "4 runs started, more requests waiting", () -> {
            int started = c.view.runsOn(EventLog.SOURCE_CHANGED).size();
            return started >= 4 && started < total;
        });
        faults.killOwnerMidStage(Service.BUILD, Stage.BUILD, c.view, 3, true);
        faults.killOwnerMidStage(Service.TEST, Stage.TEST, c.view, 3, true);
        faults.killOwnerMidStage(Service.DEPLOY, Stage.DEPLOY, c.view, 1, true);
        faults.killAndRestart(Service.MONITOR, "2 runs finished, others still open", () -> {
            int finished = c.view.runsOn(EventLog.RUN_FINISHED).size();
            return finished >= 2 && !c.view.unfinished().isEmpty();
        });
        c.finish(5);
    }

    @Test
    @Order(3)
    void twoInstancesOfEachWorkerOneOfEachKilledMidRun() throws Exception {
        Case c = begin("two instances, one killed");
        for (Service service : List.of(Service.BUILD, Service.TEST, Service.DEPLOY)) {
            stack.startAsync(service, ChaosStack.instanceName(service, "second"));
        }
        stack.awaitStarted();
        for (Service service : List.of(Service.BUILD, Service.TEST, Service.DEPLOY)) {
            stack.awaitAssigned(service, stack.instancesOf(service));
        }
        c.publish();
        faults.killOwnerMidStage(Service.BUILD, Stage.BUILD, c.view, 3, false);
        faults.killOwnerMidStage(Service.TEST, Stage.TEST, c.view, 3, false);
        faults.killOwnerMidStage(Service.DEPLOY, Stage.DEPLOY, c.view, 1, false);
        c.finish(3);
    }

    @Test
    @Order(4)
    void poisonRecordsBetweenValidOnesOnEveryStageInput() throws Exception {
        Case c = begin("poison records");
        Poison poison = new Poison(sender, stack.log());
        // Between the valid requests of the same repositories (same key, same partition).
        c.load.publish(sender, sent -> {
            if (sent % 5 == 0 && sent < COMMITS * REPOS) {
                poison.injectRunRequested(c.load.repositories().get(sent / 5 % REPOS));
            }
        });
        for (String topic : List.of(EventLog.SOURCE_CHANGED, EventLog.IMAGE_PUSHED, EventLog.STRUCTURE_TESTED)) {
            faults.await(
                    "5 valid records of the load on " + topic,
                    () -> c.view.runsOn(topic).size() >= 5);
            poison.injectStageInput(topic);
        }
        c.finish(poison.injected());
        poison.assertAllDeadLettered(Duration.ofMinutes(2));
    }

    private static Case begin(String name) throws IOException {
        stack.ensureOneOfEach();
        ChaosLoad load = ChaosLoad.create(
                name.replaceAll("[^a-z0-9]+", "-"), REPOS, COMMITS, stack.work().resolve("repos"));
        LOADS.add(load);
        return new Case(name, load, new LoadView(stack.log(), load), System.nanoTime());
    }

    /** One case under way: its load, the view on its runs, and when it began. */
    private record Case(String name, ChaosLoad load, LoadView view, long began) {

        void publish() {
            load.publish(sender, sent -> {});
        }

        /** Waits for every run's outcome and a quiet pipeline, records the figures, then checks them. */
        void finish(int injected) {
            faults.await(
                    "every run of '" + name + "' finished (RunFinished from monitor-service)",
                    RUNS_TIMEOUT,
                    view::allFinished,
                    view::describeUnfinished);
            stack.awaitQuiet(Duration.ofMinutes(2));
            Figures figures = view.figures(name, injected, (System.nanoTime() - began) / 1_000_000);
            FIGURES.add(figures);
            System.out.println("chaos case '" + name + "': " + figures.row() + "\n  failures: " + figures.failures());
            assertThat(figures.lost()).as("lost runs in '%s'", name).isZero();
            assertThat(figures.duplicatedDeployed())
                    .as("duplicated Deployed in '%s'", name)
                    .isZero();
            assertThat(figures.conflicting())
                    .as("runs with more than one RunFinished in '%s'", name)
                    .isZero();
            // A request redelivered after a trigger-service kill -9 keeps its run: the dedupe lives in the compacted
            // deliveries topic and the run id is derived from the request id.
            assertThat(figures.duplicatedRuns())
                    .as("requests that started more than one run in '%s'", name)
                    .isZero();
            assertThat(figures.faults()).as("faults injected in '%s'", name).isPositive();
        }
    }
}
