package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code SyncHookItem} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SyncHookItem(
        @JsonProperty("host") @OneOf("sync_hook") HostHook host,
        @JsonProperty("container") @OneOf("sync_hook") ContainerHook container) {}
