package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** The {@code PortForwardResource} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PortForwardResource(
        @JsonProperty("resourceType") String resourceType,
        @JsonProperty("resourceName") String resourceName,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("port") JsonNode port,
        @JsonProperty("address") String address,
        @JsonProperty("localPort") Integer localPort) {}
