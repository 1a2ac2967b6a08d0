package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
record StoredRelease(String secretName, long revision, String status, String manifest, Map<String, String> annotations) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Secret name of {@code release} at {@code revision}. */
    static String secretName(String release, long revision) {
        return "sh.helm.release.v1." + release + ".v" + revision;
    }

    /** Decodes one release Secret. */
    static StoredRelease of(JsonNode secret) {
        String name = secret.path("metadata").path("name").asText();
        Map<String, String> labels = strings(secret.path("metadata").path("labels"));
        long revision = Long.parseLong(labels.getOrDefault("version", "0"));
        String status = labels.getOrDefault("status", "");
        String manifest = "";
        String data = secret.path("data").path("release").asText("");
        if (!data.isEmpty()) {
            try {
                byte[] inner = Base64.getDecoder().decode(Base64.getDecoder().decode(data));
                byte[] json = inner.length > 2 && (inner[0] & 0xff) == 0x1f && (inner[1] & 0xff) == 0x8b
                        ? new GZIPInputStream(new ByteArrayInputStream(inner)).readAllBytes()
                        : inner;
                manifest = JSON.readTree(json).path("manifest").asText("");
            } catch (IOException | IllegalArgumentException e) {
                throw new KubeApi.KubeException("cannot decode Helm release secret " + name + ": " + e.getMessage(), e);
            }
        }
        return new StoredRelease(name, revision, status, manifest, strings(secret.path("metadata").path("annotations")));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
