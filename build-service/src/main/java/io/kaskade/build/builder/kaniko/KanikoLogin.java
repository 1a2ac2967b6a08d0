package io.kaskade.build.builder.kaniko;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaskade.build.builder.BuildFailure;
import io.kaskade.build.registry.RegistryClient;
import io.kaskade.model.config.ClusterDetails;
import io.kaskade.service.registry.RegistryCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The build-service's login for kaniko's destination registry, handed to the pod as kaniko reads it:
 * a {@code config.json} in {@code /kaniko/.docker}, from a Secret made for this one build and deleted
 * after it. Used only when the config names no {@code build.cluster.dockerConfig} secret of its own
 * (Skaffold's way, which wins) and the service's docker config has a login for the registry.
 */
final class KanikoLogin implements AutoCloseable {

    static final String VOLUME = "kaskade-login";
    private static final String KEY = "config.json";

    private final KubernetesClient client;
    private final String namespace;
    private final String secretName;

    KanikoLogin(KubernetesClient client, String namespace, String secretName) {
        this.client = client;
        this.namespace = namespace;
        this.secretName = secretName;
    }

    /**
     * The login Secret to make for pushing {@code image}, or empty when the config brings its own or the
     * service has none. Read before a build's clock starts: the first read loads the config and jib's classes.
     */
    static Optional<Secret> wanted(ClusterDetails cluster, String image) throws BuildFailure {
        if (cluster.dockerConfig() != null
                && cluster.dockerConfig().secretName() != null
                && !cluster.dockerConfig().secretName().isBlank()) {
            return Optional.empty();
        }
        return secret(image);
    }

    /** Makes {@code secret} in {@code namespace}; {@link #close()} deletes it. */
    static KanikoLogin create(KubernetesClient client, String namespace, Secret secret) {
        Secret created =
                client.secrets().inNamespace(namespace).resource(secret).create();
        return new KanikoLogin(client, namespace, created.getMetadata().getName());
    }

    /** The Secret that logs kaniko in to {@code image}'s registry, or empty when the service has no login for it. */
    static Optional<Secret> secret(String image) throws BuildFailure {
        try {
            String registry = RegistryClient.parse(image).getRegistry();
            Optional<RegistryCredentials.Login> login =
                    RegistryCredentials.configured().forRegistry(registry);
            return login.map(l -> new SecretBuilder()
                    .withNewMetadata()
                    .withGenerateName("kaskade-kaniko-login-")
                    .withLabels(Map.of(KanikoPod.LABEL, "login"))
                    .endMetadata()
                    .withType("Opaque")
                    .withStringData(Map.of(KEY, configJson(registry, l)))
                    .build());
        } catch (IOException e) {
            throw new BuildFailure(
                    BuildFailure.PUSH_FAILED,
                    "no registry login for kaniko's push of " + image + ": " + e.getMessage(),
                    "Check the credential helper named in the build-service's docker config.");
        }
    }

    /** {@code pod} with the login mounted where kaniko reads it. */
    Pod mount(Pod pod) {
        return new PodBuilder(pod)
                .editSpec()
                .addToVolumes(new VolumeBuilder()
                        .withName(VOLUME)
                        .withNewSecret()
                        .withSecretName(secretName)
                        .endSecret()
                        .build())
                .editMatchingContainer(c -> c.getName().equals(KanikoPod.KANIKO_CONTAINER))
                .addToVolumeMounts(new VolumeMountBuilder()
                        .withName(VOLUME)
                        .withMountPath(KanikoPod.DOCKER_CONFIG_PATH)
                        .withReadOnly(true)
                        .build())
                .endContainer()
                .endSpec()
                .build();
    }

    @Override
    public void close() {
        try {
            client.secrets().inNamespace(namespace).withName(secretName).delete();
        } catch (KubernetesClientException e) {
            // The Secret is labelled; an operator can remove a leftover one by its label.
        }
    }

    static String configJson(String registry, RegistryCredentials.Login login) {
        String auth = Base64.getEncoder()
                .encodeToString((login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8));
        return "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}";
    }
}
