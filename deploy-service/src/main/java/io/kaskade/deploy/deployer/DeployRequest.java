package io.kaskade.deploy.deployer;

import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.event.RunRef;
import java.util.Map;
import java.util.Objects;

/**
 * One run's deploy: which run, the images that passed the structure tests, and the run's config.
 *
 * @param run the run being deployed; its {@code runCreated} orders deployments of one repository and ref
 * @param images every artifact of the run (the image name the config writes) mapped to its tested image,
 *        {@code repo:tag@sha256:...}, in the order of the config's artifacts
 * @param config the run's effective config; each deployer reads its own section of {@code deploy}
 */
public record DeployRequest(RunRef run, Map<String, String> images, SkaffoldConfig config) {

    public DeployRequest {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(config, "config");
        images = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(images));
    }
}
