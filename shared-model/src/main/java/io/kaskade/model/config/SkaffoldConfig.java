package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
        @JsonProperty("apiVersion") @Required String apiVersion,
        @JsonProperty("kind") @Required String kind,
        @JsonProperty("metadata") Metadata metadata,
        @JsonProperty("requires") List<ConfigDependency> requires,
        @JsonProperty("build") BuildConfig build,
        @JsonProperty("test") List<TestCase> test,
        @JsonProperty("manifests") ManifestsConfig manifests,
        @JsonProperty("deploy") DeployConfig deploy,
        @JsonProperty("portForward") List<PortForwardResource> portForward,
        @JsonProperty("resourceSelector") ResourceSelectorConfig resourceSelector,
        @JsonProperty("verify") List<VerifyTestCase> verify,
        @JsonProperty("customActions") List<Action> customActions,
        @JsonProperty("profiles") List<Profile> profiles) {

    public SkaffoldConfig {
        requires = requires == null ? List.of() : List.copyOf(requires);
        test = test == null ? List.of() : List.copyOf(test);
        portForward = portForward == null ? List.of() : List.copyOf(portForward);
        verify = verify == null ? List.of() : List.copyOf(verify);
        customActions = customActions == null ? List.of() : List.copyOf(customActions);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    public static final String CURRENT_API_VERSION = "skaffold/v4beta14";
    public static final String KIND = "Config";

    /** The artifacts to build; empty when the config builds nothing. */
    @JsonIgnore
    public List<Artifact> artifacts() {
        return build == null ? List.of() : build.artifacts();
    }

    /** The config's name from {@code metadata.name}, or {@code null}. */
    @JsonIgnore
    public String name() {
        return metadata == null ? null : metadata.name();
    }
}
