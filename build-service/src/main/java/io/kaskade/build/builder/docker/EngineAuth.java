package io.kaskade.build.builder.docker;

import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.service.registry.RegistryCredentials;
import java.io.IOException;
import java.util.Optional;

/**
 * The engine's registry logins for one image, from the service's docker config
 * ({@link RegistryCredentials}): the engine is told them per push or build (docker-java's
 * {@link AuthConfig}), never through its own config, so the service's login is the one used.
 */
final class EngineAuth {

    private EngineAuth() {}

    /** The login for the registry of {@code image} (a name without tag), or empty for an anonymous push. */
    static Optional<AuthConfig> forImage(String image) throws BuildFailure {
        try {
            String registry = RegistryClient.parse(image).getRegistry();
            return RegistryCredentials.configured()
                    .forRegistry(registry)
                    .map(login -> new AuthConfig()
                            .withRegistryAddress(registry)
                            .withUsername(login.username())
                            .withPassword(login.password()));
        } catch (IOException e) {
            throw new BuildFailure(
                    BuildFailure.PUSH_FAILED,
                    "no registry login for " + image + ": " + e.getMessage(),
                    "Check the credential helper named in the build-service's docker config.");
        }
    }

    /** The login for {@code image}'s registry as a build's registry config, for base images in the same registry. */
    static Optional<AuthConfigurations> forBuild(String image) throws BuildFailure {
        return forImage(image).map(auth -> {
            AuthConfigurations all = new AuthConfigurations();
            all.addConfig(auth);
            return all;
        });
    }
}
