package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaskade.model.event.DeployedResource;

/**
 * Helm answers an install with its release, not with the objects it applied; the {@code Deployed}
 * event lists each object with its uid and generation as the cluster holds them, so they are read
 * back here once the release is in place.
 */
final class ReleaseObjects {

    private ReleaseObjects() {}

    /**
     * The object a document of the release manifest became; without uid and generation when the
     * cluster does not serve it (a kind fabric8 does not know and discovery cannot find).
     */
    static DeployedResource live(KubernetesClient client, JsonNode doc, String releaseNamespace) {
        String kind = doc.path("kind").asText();
        String name = doc.path("metadata").path("name").asText();
        String namespace = doc.path("metadata").path("namespace").asText("");
        try {
            HasMetadata object = client.getKubernetesSerialization().unmarshal(doc.toString());
            boolean namespaced = object instanceof Namespaced;
            if (namespaced && namespace.isEmpty()) {
                namespace = releaseNamespace;
            }
            HasMetadata live = namespaced
                    ? client.resource(object).inNamespace(namespace).get()
                    : client.resource(object).get();
            if (live != null) {
                return new DeployedResource(
                        kind,
                        namespaced ? namespace : null,
                        name,
                        live.getMetadata().getUid(),
                        live.getMetadata().getGeneration());
            }
        } catch (KubernetesClientException | IllegalArgumentException e) {
            // Not readable as a typed object: listed by name only, like a kind nothing checks.
        }
        return new DeployedResource(kind, namespace.isEmpty() ? releaseNamespace : namespace, name, null, null);
    }
}
