package io.kaskade.deploy;

import io.kaskade.deploy.run.RunTracker;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Makes the plain-Java {@link RunTracker} a bean, configured from {@code kaskade.deploy.runs}. */
public class RunTrackerProducer {

    @Produces
    @Singleton
    RunTracker runTracker(DeployServiceConfig config) {
        DeployServiceConfig.Runs runs = config.runs();
        return new RunTracker(runs.stateDir(), runs.maxFinished(), runs.pendingTimeout(), Clock.systemUTC());
    }
}
