package io.kaskade.model.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The {@code KanikoArtifact} type of the {@code skaffold/v4beta14} schema. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KanikoArtifact(
        @JsonProperty("cleanup") Boolean cleanup,
        @JsonProperty("insecure") Boolean insecure,
        @JsonProperty("insecurePull") Boolean insecurePull,
        @JsonProperty("force") Boolean force,
        @JsonProperty("logTimestamp") Boolean logTimestamp,
        @JsonProperty("reproducible") Boolean reproducible,
        @JsonProperty("singleSnapshot") Boolean singleSnapshot,
        @JsonProperty("skipTLS") Boolean skipTLS,
        @JsonProperty("skipTLSVerifyPull") Boolean skipTLSVerifyPull,
        @JsonProperty("skipUnusedStages") Boolean skipUnusedStages,
        @JsonProperty("useNewRun") Boolean useNewRun,
        @JsonProperty("whitelistVarRun") Boolean whitelistVarRun,
        @JsonProperty("dockerfile") String dockerfile,
        @JsonProperty("target") String target,
        @JsonProperty("initImage") String initImage,
        @JsonProperty("image") String image,
        @JsonProperty("imagePullSecret") String imagePullSecret,
        @JsonProperty("destination") List<String> destination,
        @JsonProperty("digestFile") String digestFile,
        @JsonProperty("imageFSExtractRetry") String imageFSExtractRetry,
        @JsonProperty("imageNameWithDigestFile") String imageNameWithDigestFile,
        @JsonProperty("logFormat") String logFormat,
        @JsonProperty("ociLayoutPath") String ociLayoutPath,
        @JsonProperty("registryMirror") String registryMirror,
        @JsonProperty("snapshotMode") String snapshotMode,
        @JsonProperty("pushRetry") String pushRetry,
        @JsonProperty("tarPath") String tarPath,
        @JsonProperty("verbosity") String verbosity,
        @JsonProperty("insecureRegistry") List<String> insecureRegistry,
        @JsonProperty("skipTLSVerifyRegistry") List<String> skipTLSVerifyRegistry,
        @JsonProperty("env") List<JsonNode> env,
        @JsonProperty("cache") KanikoCache cache,
        @JsonProperty("registryCertificate") Map<String, String> registryCertificate,
        @JsonProperty("label") Map<String, String> label,
        @JsonProperty("buildArgs") Map<String, String> buildArgs,
        @JsonProperty("volumeMounts") List<JsonNode> volumeMounts,
        @JsonProperty("contextSubPath") String contextSubPath,
        @JsonProperty("ignorePaths") List<String> ignorePaths,
        @JsonProperty("copyMaxRetries") Integer copyMaxRetries,
        @JsonProperty("copyTimeout") String copyTimeout,
        @JsonProperty("buildContextCompressionLevel") Integer buildContextCompressionLevel)
        implements BuilderSpec {

    public KanikoArtifact {
        destination = destination == null ? List.of() : List.copyOf(destination);
        insecureRegistry = insecureRegistry == null ? List.of() : List.copyOf(insecureRegistry);
        skipTLSVerifyRegistry = skipTLSVerifyRegistry == null ? List.of() : List.copyOf(skipTLSVerifyRegistry);
        env = env == null ? List.of() : List.copyOf(env);
        volumeMounts = volumeMounts == null ? List.of() : List.copyOf(volumeMounts);
        ignorePaths = ignorePaths == null ? List.of() : List.copyOf(ignorePaths);
    }

    @Override
    public String builderName() {
        return "kaniko";
    }
}
