package io.kaskade.deploy.deployer.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kaskade.model.config.ResourceSelectorConfig;
import io.kaskade.model.image.ManifestImages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest Helm rendered or stored: its YAML documents as trees, read with Jackson's multi-document
 * YAML reader. Empty documents and documents that are not objects (a template that rendered only
 * comments) are dropped; the order of documents does not matter to Helm, so comparisons ignore it.
 */
final class HelmManifest {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();
    /** Key order is not meaning: canonical text sorts map keys. */
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String HOOK_ANNOTATION = "helm.sh/hook";

    private final List<ObjectNode> documents;

    private HelmManifest(List<ObjectNode> documents) {
        this.documents = List.copyOf(documents);
    }

    /**
     * Reads every document of {@code yaml}.
     *
     * @throws IllegalArgumentException naming the document that is not YAML
     */
    static HelmManifest parse(String yaml) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (values.hasNextValue()) {
                if (values.nextValue() instanceof ObjectNode object) {
                    documents.add(object);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "document " + (documents.size() + 1) + " is not valid YAML: " + e.getMessage(), e);
        }
        return new HelmManifest(documents);
    }

    List<ObjectNode> documents() {
        return documents;
    }

    /** The manifest without hook documents; Helm stores hooks apart from the release manifest. */
    HelmManifest withoutHooks() {
        return new HelmManifest(documents.stream()
                .filter(doc -> !doc.path("metadata").path("annotations").has(HOOK_ANNOTATION))
                .toList());
    }

    /**
     * The manifest with the run's images put in by Skaffold's rule (its Helm post-renderer does the
     * same), for charts that write an artifact's image literally.
     *
     * @return empty when no document needed a replacement, as for charts that template their images
     *     from {@code setValueTemplates}: those already carry the digests
     */
    Optional<HelmManifest> withImages(Map<String, String> images, ResourceSelectorConfig selector) {
        ManifestImages replacer = new ManifestImages(images, selector);
        List<ObjectNode> replaced = new ArrayList<>();
        boolean changed = false;
        for (ObjectNode doc : documents) {
            Map<String, Object> tree = YAML.convertValue(doc, MAP);
            if (replacer.replace(tree).isEmpty()) {
                replaced.add(doc);
            } else {
                changed = true;
                replaced.add(YAML.valueToTree(tree));
            }
        }
        return changed ? Optional.of(new HelmManifest(replaced)) : Optional.empty();
    }

    /** Each document as YAML text, without a document marker. */
    List<String> yamlDocuments() {
        List<String> texts = new ArrayList<>();
        for (ObjectNode doc : documents) {
            try {
                texts.add(YAML.writeValueAsString(doc));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a tree read from YAML cannot be written back: " + e.getMessage(), e);
            }
        }
        return texts;
    }

    /** Each document as JSON with sorted keys, the list sorted: equal for manifests that say the same. */
    List<String> canonical() {
        List<String> texts = new ArrayList<>();
        for (ObjectNode doc : documents) {
            try {
                texts.add(CANONICAL.writeValueAsString(CANONICAL.treeToValue(doc, Object.class)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(
                        "a tree read from YAML cannot be written as JSON: " + e.getMessage(), e);
            }
        }
        texts.sort(null);
        return texts;
    }

    /** Whether both manifests hold the same documents, whatever their order, comments or layout. */
    boolean sameAs(HelmManifest other) {
        return canonical().equals(other.canonical());
    }
}
