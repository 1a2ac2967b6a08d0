package io.kaskade.service.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The registry logins of a service, read from its docker config exactly as {@code docker push} and
 * jib-core read them: {@code credHelpers} for the registry, then {@code credsStore}, then the
 * {@code auths} entry ({@code auth} is base64 {@code user:password}). The file is
 * {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}, unless the service names
 * another folder ({@code kaskade.registry.docker-config}).
 *
 * <p>Retrieval is jib-core's {@code CredentialRetrieverFactory}, so credential helpers behave the same
 * for jib builds, docker pushes, registry reads and pulls. The file is read on every lookup: a login
 * refreshed by {@code docker login} applies to the next build without a restart. Credentials are
 * never logged; {@link Login#toString()} hides the password.
 */
public final class RegistryCredentials {

    private static final Logger LOG = Logger.getLogger(RegistryCredentials.class);

    /** The setting that names the docker config folder. */
    public static final String DOCKER_CONFIG_PROPERTY = "kaskade.registry.docker-config";

    /** A user name and password (or identity token) for one registry. */
    public record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + ", password=****]";
        }
    }

    private final Path configFile;

    private RegistryCredentials(Path configFile) {
        this.configFile = configFile;
    }

    /**
     * The logins of the docker config the service is configured with: the folder
     * {@code kaskade.registry.docker-config} (env {@code KASKADE_REGISTRY_DOCKER_CONFIG}) when set, else
     * {@code $DOCKER_CONFIG}, else {@code ~/.docker}.
     */
    public static RegistryCredentials configured() {
        // The system property is read first and live: a config snapshot would miss a later change of it.
        Optional<Path> dir = Optional.ofNullable(System.getProperty(DOCKER_CONFIG_PROPERTY))
                .or(() -> ConfigProvider.getConfig().getOptionalValue(DOCKER_CONFIG_PROPERTY, String.class))
                .filter(value -> !value.isBlank())
                .map(Path::of);
        return fromDockerConfig(dir);
    }

    /**
     * The logins of the docker config in {@code configDir} ({@code config.json} inside it); without a
     * folder, {@code $DOCKER_CONFIG} or {@code ~/.docker}, as the Docker CLI looks.
     */
    public static RegistryCredentials fromDockerConfig(Optional<Path> configDir) {
        Path dir = configDir.orElseGet(() -> {
            String env = System.getenv("DOCKER_CONFIG");
            return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".docker");
        });
        return new RegistryCredentials(dir.resolve("config.json"));
    }

    /** The docker config file the logins come from (it need not exist: then every registry is anonymous). */
    public Path configFile() {
        return configFile;
    }

    /**
     * The login for {@code registry} ({@code host[:port]}, {@code docker.io} for Docker Hub), or empty
     * when the config has none: the registry is then spoken to anonymously.
     *
     * @throws IOException when a credential helper the config names fails; the message names the
     *     registry and the helper's complaint, never a secret
     */
    public Optional<Login> forRegistry(String registry) throws IOException {
        try {
            Optional<Credential> credential = retriever(registry).retrieve();
            return credential.map(c -> new Login(c.getUsername(), c.getPassword()));
        } catch (CredentialRetrievalException e) {
            throw new IOException(
                    "cannot read the login for " + registry + " from " + configFile + ": " + e.getMessage(), e);
        }
    }

    /** {@link #forRegistry} as jib-core's own retriever type, for jib's {@code RegistryImage}. */
    public CredentialRetriever retriever(String registry) {
        ImageReference probe = ImageReference.of(registry, "kaskade/credentials", null);
        return CredentialRetrieverFactory.forImage(probe, RegistryCredentials::log)
                .dockerConfig(configFile);
    }

    private static void log(LogEvent event) {
        // Jib's messages name the config file and the registry, never the credential itself.
        if (event.getLevel() == LogEvent.Level.WARN || event.getLevel() == LogEvent.Level.ERROR) {
            LOG.warn(event.getMessage());
        } else {
            LOG.debug(event.getMessage());
        }
    }
}
