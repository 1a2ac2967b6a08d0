package io.kaskade.model.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads {@code skaffold.yaml} text into {@link SkaffoldConfig}s, as strictly as Skaffold does: an
 * unknown field or a wrong type is an error naming the file, line, column and field.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {}

    /**
     * Parses every {@code ---} document of {@code yaml}.
     *
     * @param source the file name to put in error messages
     */
    public static List<SkaffoldConfig> parse(String yaml, String source) {
        List<SkaffoldConfig> configs = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                configs.add(read(doc, source));
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": invalid YAML" + location(e.getLocation()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException jpe) {
                throw new ConfigException(source + ": invalid YAML" + location(jpe.getLocation()) + ": " + jpe.getOriginalMessage(), jpe);
            }
            throw e;
        }
        if (configs.isEmpty()) {
            throw new ConfigException(source + ": no Skaffold config in the file");
        }
        return configs;
    }

    private static SkaffoldConfig read(JsonNode doc, String source) throws IOException {
        if (!(doc instanceof ObjectNode object)) {
            throw new ConfigException(source + ": a Skaffold config must be a YAML mapping");
        }
        // Top-level keys starting with '.' hold YAML anchors for reuse; Skaffold ignores them.
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (names.next().startsWith(".")) {
                names.remove();
            }
        }
        String apiVersion = object.path("apiVersion").asText("");
        if (!SkaffoldConfig.CURRENT_API_VERSION.equals(apiVersion)) {
            throw new ConfigException(source + ": apiVersion '" + apiVersion + "' is not supported; expected "
                    + SkaffoldConfig.CURRENT_API_VERSION);
        }
        try {
            SkaffoldConfig config = YAML.treeToValue(object, SkaffoldConfig.class);
            for (Artifact artifact : config.artifacts()) {
                artifact.builder();
            }
            return config;
        } catch (UnrecognizedPropertyException e) {
            String allowed = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(source + location(e.getLocation()) + ": field '" + path(e) + "' is not allowed here"
                    + (allowed.isEmpty() ? "" : "; allowed: " + allowed), e);
        } catch (JsonMappingException e) {
            throw new ConfigException(source + location(e.getLocation()) + ": field '" + path(e) + "': " + e.getOriginalMessage(), e);
        } catch (IllegalStateException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return ":" + location.getLineNr() + ":" + location.getColumnNr();
    }
}
