package io.kaskade.deploy.deployer.helm;

import io.kaskade.deploy.deployer.DeployErrors;
import io.kaskade.deploy.deployer.DeployException;
import java.util.List;

/** The {@link DeployErrors#HELM_FAILED} failures of the helm deployer's classes, phrased for the user. */
final class HelmFailure {

    private HelmFailure() {}

    static DeployException of(String message, String suggestion, Throwable cause) {
        return new DeployException(DeployErrors.HELM_FAILED, null, message, suggestion, List.of(), cause);
    }
}
