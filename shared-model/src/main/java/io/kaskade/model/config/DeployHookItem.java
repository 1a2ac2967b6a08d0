package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code DeployHookItem} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeployHookItem(
        @JsonProperty("host") @OneOf("deploy_hook") HostHook host,
        @JsonProperty("container") @OneOf("deploy_hook") NamedContainerHook container) {}
