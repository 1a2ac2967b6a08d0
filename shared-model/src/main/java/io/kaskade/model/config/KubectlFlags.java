package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code KubectlFlags} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KubectlFlags(
        @JsonProperty("global") List<String> global,
        @JsonProperty("apply") List<String> apply,
        @JsonProperty("delete") List<String> delete,
        @JsonProperty("disableValidation") Boolean disableValidation) {

    public KubectlFlags {
        global = global == null ? List.of() : List.copyOf(global);
        apply = apply == null ? List.of() : List.copyOf(apply);
        delete = delete == null ? List.of() : List.copyOf(delete);
    }
}
