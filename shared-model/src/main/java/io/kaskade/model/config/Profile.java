package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code profiles[]}: a named overlay of the config's sections plus JSON patches, with its activation rules. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Profile(
        @JsonProperty("name") @Required String name,
        @JsonProperty("activation") List<Activation> activation,
        @JsonProperty("requiresAllActivations") Boolean requiresAllActivations,
        @JsonProperty("patches") List<JSONPatch> patches,
        @JsonProperty("build") BuildConfig build,
        @JsonProperty("test") List<TestCase> test,
        @JsonProperty("manifests") ManifestsConfig manifests,
        @JsonProperty("deploy") DeployConfig deploy,
        @JsonProperty("portForward") List<PortForwardResource> portForward,
        @JsonProperty("resourceSelector") ResourceSelectorConfig resourceSelector,
        @JsonProperty("verify") List<VerifyTestCase> verify,
        @JsonProperty("customActions") List<Action> customActions) {

    public Profile {
        activation = activation == null ? List.of() : List.copyOf(activation);
        patches = patches == null ? List.of() : List.copyOf(patches);
        test = test == null ? List.of() : List.copyOf(test);
        portForward = portForward == null ? List.of() : List.copyOf(portForward);
        verify = verify == null ? List.of() : List.copyOf(verify);
        customActions = customActions == null ? List.of() : List.copyOf(customActions);
    }
}
