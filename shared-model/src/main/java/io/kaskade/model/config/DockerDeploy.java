package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code deploy.docker}: run the images as containers on the local Docker engine. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DockerDeploy(
        @JsonProperty("useCompose") Boolean useCompose,
        @JsonProperty("images") @Required List<String> images) {

    public DockerDeploy {
        images = images == null ? List.of() : List.copyOf(images);
    }
}
