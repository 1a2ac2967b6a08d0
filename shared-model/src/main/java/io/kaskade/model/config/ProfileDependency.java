package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code ProfileDependency} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProfileDependency(
        @JsonProperty("name") @Required String name,
        @JsonProperty("activatedBy") List<String> activatedBy) {

    public ProfileDependency {
        activatedBy = activatedBy == null ? List.of() : List.copyOf(activatedBy);
    }
}
