package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One {@code skaffold.yaml} document in the current schema, {@value #CURRENT_API_VERSION}, field for
 * field. Older schema versions are upgraded to this shape before anything reads them.
 *
 * <p>This is also the shape in which the effective config travels in events, so it is part of the
 * public contract: fields are only ever added.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SkaffoldConfig(
        String apiVersion,
        String kind,
        Metadata metadata,
        BuildConfig build,
        List<TestCase> test,
        ManifestsConfig manifests,
        DeployConfig deploy,
        List<Profile> profiles) {

    public static final String CURRENT_API_VERSION = "skaffold/v4beta14";
    public static final String KIND = "Config";

    public SkaffoldConfig {
        test = test == null ? List.of() : List.copyOf(test);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    /** The artifacts to build; empty when the config builds nothing. */
    public List<Artifact> artifacts() {
        return build == null ? List.of() : build.artifacts();
    }
}
