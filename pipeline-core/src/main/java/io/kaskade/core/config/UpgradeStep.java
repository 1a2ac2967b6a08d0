package io.kaskade.core.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The changes from one Skaffold schema version to the next, applied in place (one {@code schema/vX/upgrade.go}). */
@FunctionalInterface
interface UpgradeStep {

    /**
     * @param config the whole config tree, profiles included
     * @param source the file name, for error messages
     * @throws ConfigException when the config uses something that cannot be upgraded
     */
    void apply(ObjectNode config, String source);
}
