package io.kaskade.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import io.kaskade.model.config.JSONPatch;
import io.kaskade.model.config.Profile;
import java.util.EnumSet;

/**
 * Applies a profile's {@code patches} (RFC 6902: add, remove, replace, move, copy, test) with zjsonpatch, one
 * operation at a time so that an error names the profile and the patch's index. Two Skaffold habits are added on
 * top of the RFC: an empty {@code op} means {@code replace}, and a {@code move} into the moved node's own child is
 * refused (zjsonpatch would nest the node inside itself). Removing a field that is not there is an error, as in
 * Skaffold, rather than zjsonpatch's default silent no-op.
 */
final class ProfilePatches {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final EnumSet<CompatibilityFlags> STRICT =
            EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private ProfilePatches() {}

    /** Returns {@code tree} with every patch of {@code profile} applied, in order. */
    static JsonNode apply(JsonNode tree, Profile profile) {
        JsonNode result = tree;
        int index = 0;
        for (JSONPatch patch : profile.patches()) {
            String op = patch.op() == null || patch.op().isEmpty() ? "replace" : patch.op();
            try {
                result = JsonPatch.apply(operation(op, patch), result, STRICT);
            } catch (JsonPatchApplicationException | IllegalArgumentException e) {
                throw new ConfigException("profile '" + profile.name() + "', patch " + index + " (" + op + " "
                        + patch.path() + "): " + e.getMessage());
            }
            index++;
        }
        return result;
    }

    private static ArrayNode operation(String op, JSONPatch patch) {
        if ("move".equals(op)
                && patch.from() != null
                && patch.path() != null
                && patch.path().startsWith(patch.from() + "/")) {
            throw new IllegalArgumentException(
                    "cannot move '" + patch.from() + "' into its own child '" + patch.path() + "'");
        }
        ObjectNode operation = NODES.objectNode().put("op", op).put("path", patch.path());
        if (patch.from() != null) {
            operation.put("from", patch.from());
        }
        if (patch.value() != null) {
            operation.set("value", patch.value());
        }
        return NODES.arrayNode().add(operation);
    }
}
