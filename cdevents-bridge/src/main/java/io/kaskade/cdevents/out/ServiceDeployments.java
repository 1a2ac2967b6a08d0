package io.kaskade.cdevents.out;

import io.kaskade.model.event.Deployed;
import io.kaskade.model.event.DeployedResource;
import io.kaskade.service.messaging.RecentKeys;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells {@code service.deployed} (a service appears in an environment) from {@code service.upgraded}
 * (a new version replaces a running one). Deployed says only what was applied, so this looks at two
 * signs: a Kubernetes object or Helm release past its first generation or revision was there before,
 * and a service this bridge already saw deployed to the environment is being upgraded.
 */
@ApplicationScoped
public class ServiceDeployments {

    private static final int CAPACITY = 10_000;

    private final RecentKeys seen = new RecentKeys(CAPACITY);

    /** Whether {@code service} in {@code environment} was already running before {@code event}; remembers it now. */
    public synchronized boolean upgrade(String environment, String service, Deployed event) {
        boolean knownBefore = !seen.add(environment + "\n" + service);
        boolean existedBefore = event.resources().stream()
                .map(DeployedResource::generation)
                .anyMatch(generation -> generation != null && generation > 1);
        return knownBefore || existedBefore;
    }
}
