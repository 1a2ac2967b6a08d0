package io.kaskade.deploy.deployer.docker;

import com.github.dockerjava.api.command.PullImageCmd;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.kaskade.service.registry.RegistryCredentials;
import java.io.IOException;

/**
 * Gives a pull the deploy-service's login for the image's registry, from its docker config
 * ({@link RegistryCredentials}: {@code auths} and credential helpers, as jib reads them), so deployed
 * images may live in a registry that refuses anonymous pulls. No login: the pull stays anonymous.
 */
final class PullAuth {

    private PullAuth() {}

    /** {@code pull} with the login for {@code repository}'s registry, when the docker config has one. */
    static PullImageCmd withLogin(PullImageCmd pull, String repository) {
        try {
            String registry = ImageReference.parse(repository).getRegistry();
            RegistryCredentials.configured()
                    .forRegistry(registry)
                    .ifPresent(login -> pull.withAuthConfig(new com.github.dockerjava.api.model.AuthConfig()
                            .withRegistryAddress(registry)
                            .withUsername(login.username())
                            .withPassword(login.password())));
        } catch (InvalidImageReferenceException | IOException e) {
            // An unreadable name or helper leaves the pull anonymous; the pull's own error then names the image.
        }
        return pull;
    }
}
