package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code CloudRunDeployHooks} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CloudRunDeployHooks(
        @JsonProperty("before") List<HostHook> before,
        @JsonProperty("after") List<HostHook> after) {

    public CloudRunDeployHooks {
        before = before == null ? List.of() : List.copyOf(before);
        after = after == null ? List.of() : List.copyOf(after);
    }
}
