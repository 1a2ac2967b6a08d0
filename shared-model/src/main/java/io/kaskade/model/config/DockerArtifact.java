package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code artifacts[].docker}: build with a Dockerfile on a Docker engine. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DockerArtifact(
        @JsonProperty("dockerfile") String dockerfile,
        @JsonProperty("target") String target,
        @JsonProperty("buildArgs") Map<String, String> buildArgs,
        @JsonProperty("network") String network,
        @JsonProperty("addHost") List<String> addHost,
        @JsonProperty("cacheFrom") List<String> cacheFrom,
        @JsonProperty("cliFlags") List<String> cliFlags,
        @JsonProperty("pullParent") Boolean pullParent,
        @JsonProperty("noCache") Boolean noCache,
        @JsonProperty("squash") Boolean squash,
        @JsonProperty("secrets") List<DockerSecret> secrets,
        @JsonProperty("ssh") String ssh)
        implements BuilderSpec {

    public DockerArtifact {
        addHost = addHost == null ? List.of() : List.copyOf(addHost);
        cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
        cliFlags = cliFlags == null ? List.of() : List.copyOf(cliFlags);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    @Override
    public String builderName() {
        return "docker";
    }

    static final DockerArtifact DEFAULT = new DockerArtifact(null, null, null);

    /** The fields most builds use; the rest stay unset. */
    public DockerArtifact(String dockerfile, String target, Map<String, String> buildArgs) {
        this(dockerfile, target, buildArgs, null, null, null, null, null, null, null, null, null);
    }

    /** The Dockerfile path relative to the context, {@code Dockerfile} when not set. */
    @JsonIgnore
    public String dockerfileOrDefault() {
        return dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
    }
}
