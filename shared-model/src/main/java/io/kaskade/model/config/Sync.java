package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code Sync} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Sync(
        @JsonProperty("manual") @OneOf("sync") List<SyncRule> manual,
        @JsonProperty("infer") @OneOf("sync") List<String> infer,
        @JsonProperty("auto") @OneOf("sync") Boolean auto,
        @JsonProperty("hooks") SyncHooks hooks) {

    public Sync {
        manual = manual == null ? List.of() : List.copyOf(manual);
        infer = infer == null ? List.of() : List.copyOf(infer);
    }
}
