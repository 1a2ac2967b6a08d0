package io.kaskade.deploy.deployer.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rewrites the images of a manifest to the run's tested images, as Skaffold's image replacer does:
 * every {@code image} field whose repository (the reference without tag or digest) is an artifact's
 * image name becomes that artifact's {@code repo:tag@sha256:...}, so the cluster runs exactly what
 * was tested and never a mutable tag.
 */
public final class ManifestImages {

    private ManifestImages() {}

    /**
     * Replaces, in place, every matching {@code image} field under {@code node}.
     *
     * @param images artifact image name to tested image
     * @return the artifacts whose image was written somewhere in {@code node}
     */
    public static Set<String> replace(JsonNode node, Map<String, String> images) {
        Set<String> used = new TreeSet<>();
        walk(node, images, used);
        return used;
    }

    /** The repository part of an image reference: without {@code @digest} and without {@code :tag}. */
    public static String repository(String reference) {
        String withoutDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    private static void walk(JsonNode node, Map<String, String> images, Set<String> used) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getKey().equals("image") && field.getValue().isTextual()) {
                    String artifact = artifactOf(field.getValue().asText(), images);
                    if (artifact != null) {
                        field.setValue(TextNode.valueOf(images.get(artifact)));
                        used.add(artifact);
                    }
                } else {
                    walk(field.getValue(), images, used);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                walk(element, images, used);
            }
        }
    }

    private static String artifactOf(String reference, Map<String, String> images) {
        String repository = repository(reference);
        for (String artifact : images.keySet()) {
            if (repository(artifact).equals(repository)) {
                return artifact;
            }
        }
        return null;
    }
}
