package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kaskade.model.event.RunRef;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Helm's release Secrets, through the deploy's fabric8 client: the newest revision of a release (its
 * manifest and our annotations) and the annotations that record which run deployed a revision.
 */
final class ReleaseSecrets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;

    ReleaseSecrets(KubernetesClient client) {
        this.client = client;
    }

    /** The newest revision of the release, whatever its status; empty when it was never installed. */
    Optional<StoredRelease> latest(ReleaseSpec spec) {
        List<Secret> secrets;
        try {
            secrets = client.secrets()
                    .inNamespace(spec.namespace())
                    .withLabel("owner", "helm")
                    .withLabel("name", spec.name())
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            throw failure("cannot read the release secrets of " + spec.namespace() + "/" + spec.name(), e);
        }
        try {
            return secrets.stream().map(StoredRelease::of).max(Comparator.comparingLong(StoredRelease::revision));
        } catch (IllegalArgumentException e) {
            throw HelmFailure.of(
                    e.getMessage(),
                    "check the release with `helm history " + spec.name() + " -n " + spec.namespace()
                            + "`; a damaged revision can be removed with its Secret",
                    e);
        }
    }

    /** Records the run on the revision's Secret; a repeated deploy of the same run writes the same values. */
    void annotate(RunRef run, ReleaseSpec spec, long revision, String inputs) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode metadata = patch.putObject("metadata");
        metadata.putObject("labels").put(ReleaseAnnotations.MANAGED_LABEL, "true");
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put(ReleaseAnnotations.RUN_ID, run.runId());
        annotations.put(ReleaseAnnotations.RUN_CREATED, run.runCreated().toString());
        annotations.put(ReleaseAnnotations.REPOSITORY, run.repository());
        annotations.put(ReleaseAnnotations.REF, run.ref());
        annotations.put(ReleaseAnnotations.COMMIT, run.commit());
        annotations.put(ReleaseAnnotations.INPUTS, inputs);
        String secret = StoredRelease.secretName(spec.name(), revision);
        try {
            // A merge patch touches only these keys; Helm's own labels and data stay as Helm wrote them.
            client.secrets()
                    .inNamespace(spec.namespace())
                    .withName(secret)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            throw failure("cannot annotate Helm release secret " + spec.namespace() + "/" + secret, e);
        }
    }

    private RuntimeException failure(String what, KubernetesClientException e) {
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        return HelmFailure.of(
                what + " on the Kubernetes API server at " + client.getMasterUrl() + ": " + reason,
                "check that the cluster is reachable and the deploy service may read and patch Secrets there",
                e);
    }
}
