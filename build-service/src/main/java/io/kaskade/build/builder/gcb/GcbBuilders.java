package io.kaskade.build.builder.gcb;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildClient;
import com.google.cloud.devtools.cloudbuild.v1.CloudBuildSettings;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.builder.Builder;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.build.settings.BuildSettings;
import io.kaskade.model.config.BuilderSpec;
import io.kaskade.model.config.GoogleCloudBuild;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Makes {@link GcbBuilder}s and owns the one Cloud Build client and Cloud Storage connection they
 * share, opened on the first Cloud Build so a service that never uses it needs no Google credentials.
 */
@ApplicationScoped
public class GcbBuilders {

    private static final String STORAGE_HOST = "https://storage.googleapis.com";
    /** Cloud Build's timeout starts when the build runs; before that it may wait in the queue. */
    private static final Duration QUEUE_ALLOWANCE = Duration.ofMinutes(10);

    private static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private final GcbSettings settings;
    private final BuildSettings buildSettings;
    private final RegistryClient registry;
    private CloudBuildClient client;
    private CloudStorage storage;

    public GcbBuilders(GcbSettings settings, BuildSettings buildSettings) {
        this.settings = settings;
        this.buildSettings = buildSettings;
        this.registry = new RegistryClient(buildSettings.registryTimeout());
    }

    /**
     * The builder for one artifact of a config with {@code build.googleCloudBuild}.
     *
     * @param insecureRegistries the run's {@code build.insecureRegistries}: Jib is told about them, and a
     *     digest not in the build's results is read from the registry over plain HTTP for them
     */
    public Builder forArtifact(BuilderSpec spec, GoogleCloudBuild gcb, List<String> insecureRegistries)
            throws BuildFailure {
        List<String> insecure = insecureRegistries == null ? List.of() : insecureRegistries;
        Duration maxWait = maxWait(gcb);
        connect();
        return new GcbBuilder(
                spec,
                gcb,
                storage,
                new CloudBuildRunner(client, storage, settings.pollInterval(), maxWait),
                registry.withInsecureRegistries(insecure),
                insecure);
    }

    /**
     * How long to wait for one build: the service's build timeout, or longer when the config gives
     * Cloud Build more time, plus room for the queue, so Cloud Build's own timeout ends a slow build.
     */
    private Duration maxWait(GoogleCloudBuild gcb) throws BuildFailure {
        Duration wait = buildSettings.buildTimeout();
        if (gcb.timeout() != null && !gcb.timeout().isEmpty()) {
            com.google.protobuf.Duration timeout = GcbBuildSpec.duration(gcb.timeout());
            Duration remote =
                    Duration.ofSeconds(timeout.getSeconds(), timeout.getNanos()).plus(QUEUE_ALLOWANCE);
            if (remote.compareTo(wait) > 0) {
                wait = remote;
            }
        }
        return wait;
    }

    private synchronized void connect() throws BuildFailure {
        if (client != null) {
            return;
        }
        try {
            CloudBuildSettings.Builder config = CloudBuildSettings.newBuilder();
            CloudStorage.AccessToken token;
            if (settings.insecure()) {
                String endpoint = settings.endpoint()
                        .orElseThrow(() -> new BuildFailure(
                                GcbBuilder.GCB_FAILED,
                                "kaskade.build.gcb.insecure is set without kaskade.build.gcb.endpoint",
                                "Set the stand-in's endpoint, or unset insecure to use Google Cloud."));
                config.setEndpoint(endpoint)
                        .setCredentialsProvider(NoCredentialsProvider.create())
                        .setTransportChannelProvider(CloudBuildSettings.defaultGrpcTransportProviderBuilder()
                                .setEndpoint(endpoint)
                                .setChannelConfigurator(channel -> channel.usePlaintext())
                                .build());
                token = Optional::empty;
            } else {
                settings.endpoint().ifPresent(config::setEndpoint);
                GoogleCredentials credentials =
                        GoogleCredentials.getApplicationDefault().createScoped(CLOUD_PLATFORM_SCOPE);
                token = () -> {
                    credentials.refreshIfExpired();
                    return Optional.of(credentials.getAccessToken().getTokenValue());
                };
            }
            client = CloudBuildClient.create(config.build());
            storage = new CloudStorage(settings.storageHost().orElse(STORAGE_HOST), token);
        } catch (IOException e) {
            throw new BuildFailure(
                    GcbBuilder.GCB_FAILED,
                    "cannot connect to Google Cloud Build: " + e.getMessage(),
                    "Give the build-service Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS or"
                            + " gcloud auth application-default login).");
        }
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
            storage = null;
        }
    }
}
