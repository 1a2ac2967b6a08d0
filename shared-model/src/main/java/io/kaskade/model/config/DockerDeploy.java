package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code deploy.docker}: run the images as containers on the local Docker engine. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DockerDeploy(Boolean useCompose, List<String> images) {
    public DockerDeploy {
        images = images == null ? List.of() : List.copyOf(images);
    }
}
