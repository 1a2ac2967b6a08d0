package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code profiles[]}: a named overlay of the config's sections. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Profile(String name, BuildConfig build, java.util.List<TestCase> test, ManifestsConfig manifests,
        DeployConfig deploy) {}
