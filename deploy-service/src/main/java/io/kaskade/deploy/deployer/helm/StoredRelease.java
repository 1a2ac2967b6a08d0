package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A Helm release revision as Helm stores it: the Secret {@code sh.helm.release.v1.<name>.v<revision>}
 * whose {@code data.release} is base64 of gzipped JSON. Read because Helm's Java API offers neither
 * the deployed manifest (needed to tell a no-op redeploy from a change) nor a place for our annotations.
 *
 * @param secretName the Secret holding this revision
 * @param revision the release revision
 * @param status Helm's status of the revision, e.g. {@code deployed}, {@code failed}
 * @param manifest the rendered manifest Helm applied
 * @param annotations the Secret's annotations, where the deployer records the run
 */
record StoredRelease(
        String secretName, long revision, String status, String manifest, Map<String, String> annotations) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Secret name of {@code release} at {@code revision}. */
    static String secretName(String release, long revision) {
        return "sh.helm.release.v1." + release + ".v" + revision;
    }

    /**
     * Decodes one release Secret.
     *
     * @throws IllegalArgumentException when its release data is not what Helm writes
     */
    static StoredRelease of(Secret secret) {
        String name = secret.getMetadata().getName();
        Map<String, String> labels = sorted(secret.getMetadata().getLabels());
        long revision = Long.parseLong(labels.getOrDefault("version", "0"));
        String status = labels.getOrDefault("status", "");
        String data = secret.getData() == null ? null : secret.getData().get("release");
        String manifest = "";
        if (data != null && !data.isEmpty()) {
            try {
                // The Secret's data is base64 of Helm's own base64 of the (usually gzipped) release JSON.
                byte[] inner = Base64.getDecoder().decode(Base64.getDecoder().decode(data));
                byte[] json = inner.length > 2 && (inner[0] & 0xff) == 0x1f && (inner[1] & 0xff) == 0x8b
                        ? new GZIPInputStream(new ByteArrayInputStream(inner)).readAllBytes()
                        : inner;
                manifest = JSON.readTree(json).path("manifest").asText("");
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "cannot decode Helm release secret " + name + ": " + e.getMessage(), e);
            }
        }
        return new StoredRelease(
                name, revision, status, manifest, sorted(secret.getMetadata().getAnnotations()));
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? new TreeMap<>() : new TreeMap<>(map);
    }
}
