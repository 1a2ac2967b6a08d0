package io.kaskade.monitor.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the ledger was read back from its topic and the consumer follows the pipeline's topics. */
@Readiness
@ApplicationScoped
public class LedgerReadiness implements HealthCheck {

    private final LedgerLoop loop;

    public LedgerReadiness(LedgerLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("run-ledger").status(loop.ready()).build();
    }
}
