package io.kaskade.deploy;

import io.kaskade.deploy.config.DeployServiceConfig;
import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import io.kaskade.deploy.deployer.DeployRequest;
import io.kaskade.deploy.deployer.Deployer;
import io.kaskade.deploy.deployer.Deployment;
import io.kaskade.deploy.run.DeployedRecords;
import io.kaskade.deploy.run.RunStatus;
import io.kaskade.deploy.run.RunTracker;
import io.kaskade.model.config.DeployConfig;
import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.RunRef;
import io.kaskade.model.event.Stage;
import io.kaskade.model.event.StageFailed;
import io.kaskade.model.event.StructureTested;
import io.kaskade.service.messaging.Channels;
import io.kaskade.service.messaging.EventSender;
import io.kaskade.service.telemetry.RunTracing;
import io.kaskade.service.telemetry.StageMetrics;
import io.kaskade.service.telemetry.StageTimer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * The deploy stage: waits until every artifact of a run passed its structure tests, deploys the
 * run once with the deployer its config names, checks its status, and reports {@code Deployed} or
 * {@code StageFailed}.
 *
 * <p>Deploys of the same repository and ref run one at a time, status check included: the
 * deployers read the live deployment and then change it, and two runs doing that at once could both
 * believe they are the newest.
 */
@ApplicationScoped
public class DeployStage {

    private static final Logger LOG = Logger.getLogger(DeployStage.class);

    private final RunTracker tracker;
    private final DeployedRecords deployedRecords;
    private final DeployerChooser chooser;
    private final DeployServiceConfig config;
    private final EventSender sender;
    private final MutinyEmitter<byte[]> deployed;
    private final MutinyEmitter<byte[]> failed;
    private final DeployProgressEvents progress;
    /**
     * One lock per repository and ref being deployed right now. An entry lives only while a deploy
     * of its target runs or waits (see {@link #lockTarget}), so the map holds at most as many
     * entries as deploys in flight (the deploy workers' {@code max-concurrency}), not one per
     * target ever seen.
     */
    private final Map<String, TargetLock> targetLocks = new ConcurrentHashMap<>();

    private final RunTracing tracing;
    private final StageMetrics metrics;

    public DeployStage(
            RunTracker tracker,
            DeployedRecords deployedRecords,
            DeployerChooser chooser,
            DeployServiceConfig config,
            EventSender sender,
            @Channel(Channels.DEPLOYED) MutinyEmitter<byte[]> deployed,
            @Channel(Channels.STAGE_FAILED) MutinyEmitter<byte[]> failed,
            DeployProgressEvents progress,
            RunTracing tracing,
            StageMetrics metrics) {
        this.tracing = tracing;
        this.metrics = metrics;
        this.tracker = tracker;
        this.deployedRecords = deployedRecords;
        this.chooser = chooser;
        this.config = config;
        this.sender = sender;
        this.deployed = deployed;
        this.failed = failed;
        this.progress = progress;
    }

    /**
     * Handles one artifact's test result; deploys when it completes its run.
     *
     * @param partitionKept whether this instance still owns the event's partition and has owned it
     *        without a break since the event was taken; when not, another instance may have taken
     *        the run over and reported it, so that is looked up before {@code Deployed} is sent
     */
    public void handle(StructureTested event, BooleanSupplier partitionKept) {
        // StageStarted first, before the run's state is stored, so the stage's start marks the hop
        // from the test stage, not the writes that follow it.
        boolean announced =
                tracker.completes(event) && announce(event.run(), event.config().deploy());
        RunTracker.Outcome outcome = tracker.record(event);
        switch (outcome.action()) {
            case WAIT ->
                LOG.debugf("run %s: artifact %s passed, waiting for the others", event.runId(), event.artifact());
            case NOT_DEPLOYED ->
                LOG.infof(
                        "run %s is not deployed: artifact %s failed its structure tests",
                        event.runId(), event.artifact());
            case IGNORE ->
                LOG.debugf(
                        "run %s is %s; ignoring the result of artifact %s",
                        event.runId(), outcome.status(), event.artifact());
            case IN_PROGRESS ->
                tracker.awaitFinished(
                        event.runId(), config.statusCheck().maxDeadline().plusMinutes(5));
            case DEPLOY ->
                deploy(
                        new DeployRequest(event.run(), outcome.images(), event.config()),
                        false,
                        announced,
                        partitionKept);
            case RESUME ->
                deploy(new DeployRequest(event.run(), outcome.images(), event.config()), true, false, partitionKept);
        }
    }

    /** Sends the deploy's StageStarted; false when the config names no usable deployer (the deploy reports that). */
    private boolean announce(RunRef run, DeployConfig deploy) {
        Deployer deployer;
        try {
            deployer = chooser.choose(deploy);
        } catch (RuntimeException e) {
            return false;
        }
        progress.started(run, deployer.name());
        return true;
    }

    /**
     * @param resumed whether an earlier owner of the run may have deployed and reported it already
     * @param announced whether StageStarted was sent already
     */
    private void deploy(DeployRequest request, boolean resumed, boolean announced, BooleanSupplier partitionKept) {
        RunRef run = request.run();
        RunStatus result = RunStatus.FAILED;
        StageTimer timer = metrics.start(Stage.DEPLOY, null);
        String outcome = StageMetrics.FAILED;
        try {
            // A run handed over after a kill -9 may have been reported already: see DeployedRecords. Only a
            // resumed run can be; the look-up reads the topic, so a first deploy does not pay for it.
            if (resumed && deployedRecords.reported(run)) {
                LOG.infof("run %s was already reported deployed; not deploying it again", run.runId());
                result = RunStatus.DEPLOYED;
                outcome = StageMetrics.SUCCEEDED;
                return;
            }
            Deployed event = deployOnce(request, announced);
            // Another instance can have reported the run only if it took the run over: this one resumed it
            // from an owner that may still be alive, or lost the partition during the deploy. Otherwise the
            // look-up (a consumer reading the topic) is skipped.
            boolean maybeTakenOver = resumed || !partitionKept.getAsBoolean();
            if (maybeTakenOver && deployedRecords.reported(run)) {
                LOG.infof("run %s was reported deployed by another instance meanwhile", run.runId());
            } else {
                sender.send(deployed, event);
            }
            result = RunStatus.DEPLOYED;
            outcome = StageMetrics.SUCCEEDED;
        } catch (DeployException e) {
            outcome = DeployErrors.SUPERSEDED.equals(e.errorCode()) ? StageMetrics.SUPERSEDED : StageMetrics.FAILED;
            LOG.warnf("run %s not deployed: %s %s", run.runId(), e.errorCode(), e.getMessage());
            sender.send(
                    failed,
                    StageFailed.of(
                            run,
                            Stage.DEPLOY,
                            e.artifact(),
                            e.errorCode(),
                            e.getMessage(),
                            e.suggestion(),
                            e.logTail()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s: unexpected deploy failure", run.runId());
            sender.send(
                    failed,
                    StageFailed.of(
                            run,
                            Stage.DEPLOY,
                            null,
                            DeployErrors.INTERNAL_ERROR,
                            "the deploy of run " + run.runId() + " failed unexpectedly: " + e,
                            "this is a bug in the deploy service; the service log has the stack trace",
                            List.of()));
        } finally {
            tracker.finish(run.runId(), result);
            timer.stop(deployerName(request), outcome);
            metrics.runFinished(outcome, run.runCreated());
        }
    }

    private Deployed deployOnce(DeployRequest request, boolean announced) {
        RunRef run = request.run();
        DeployConfig deploy = request.config().deploy();
        Deployer deployer = chooser.choose(deploy);
        String target = run.repository() + "\n" + run.ref();
        TargetLock lock = lockTarget(target);
        try {
            synchronized (lock) {
                return deployLocked(request, run, deploy, deployer, announced);
            }
        } finally {
            // The last user of a target removes its entry: compute runs atomically per key.
            targetLocks.computeIfPresent(target, (key, held) -> --held.users == 0 ? null : held);
        }
    }

    /** The target's lock, counted as used until {@link #deployOnce} releases it. */
    private TargetLock lockTarget(String target) {
        return targetLocks.compute(target, (key, held) -> {
            TargetLock lock = held == null ? new TargetLock() : held;
            lock.users++;
            return lock;
        });
    }

    /** A lock object and how many deploys use it; only changed inside the map's compute functions. */
    private static final class TargetLock {
        int users;
    }

    private Deployed deployLocked(
            DeployRequest request, RunRef run, DeployConfig deploy, Deployer deployer, boolean announced) {
        if (!announced) {
            progress.started(run, deployer.name());
        }
        Deployment deployment = tracing.call("apply", deployer.name(), () -> deployer.deploy(request));
        if (deploy.statusCheck() == null || deploy.statusCheck()) {
            tracing.call("status-check", deployer.name(), () -> {
                deployer.statusCheck()
                        .awaitReady(
                                deployment,
                                statusCheckDeadline(deploy),
                                Boolean.TRUE.equals(deploy.tolerateFailuresUntilDeadline()),
                                progress.phaseChanges());
                // Ready once is not Deployed: the workload must stay healthy through the window too.
                deployer.statusCheck()
                        .awaitStable(deployment, config.statusCheck().stabilityWindow());
                return deployment;
            });
        }
        LOG.infof("run %s deployed by %s: %s", run.runId(), deployer.name(), deployment.resources());
        return Deployed.of(
                run, deployment.deployer(), deployment.images(), deployment.resources(), progress.target(deployment));
    }

    /** The tool label of the deploy's metrics: the deployer the config names, or {@code none}. */
    private String deployerName(DeployRequest request) {
        try {
            return chooser.choose(request.config().deploy()).name();
        } catch (RuntimeException e) {
            return "none";
        }
    }

    private Duration statusCheckDeadline(DeployConfig deploy) {
        return statusCheckDeadline(
                deploy.statusCheckDeadlineSeconds(),
                config.statusCheck().defaultDeadline(),
                config.statusCheck().maxDeadline());
    }

    /** The config's {@code statusCheckDeadlineSeconds}, or the service default, never above the service cap. */
    static Duration statusCheckDeadline(Integer seconds, Duration defaultDeadline, Duration maxDeadline) {
        Duration wanted = seconds == null || seconds <= 0 ? defaultDeadline : Duration.ofSeconds(seconds);
        return wanted.compareTo(maxDeadline) > 0 ? maxDeadline : wanted;
    }
}
