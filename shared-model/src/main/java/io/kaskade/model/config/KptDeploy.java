package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code KptDeploy} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KptDeploy(
        @JsonProperty("dir") String dir,
        @JsonProperty("applyFlags") List<String> applyFlags,
        @JsonProperty("flags") List<String> flags,
        @JsonProperty("name") String name,
        @JsonProperty("inventoryID") String inventoryID,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("force") Boolean force,
        @JsonProperty("defaultNamespace") String defaultNamespace) {

    public KptDeploy {
        applyFlags = applyFlags == null ? List.of() : List.copyOf(applyFlags);
        flags = flags == null ? List.of() : List.copyOf(flags);
    }
}
