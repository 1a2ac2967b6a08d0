package io.kaskade.cli.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Skaffold's build output file ({@code --file-output} / {@code --build-artifacts}):
 * {@code {"builds":[{"imageName":"app","tag":"registry/app:tag"}]}}.
 */
public record BuildArtifacts(List<Build> builds) {

    /** One built artifact: its image as the config names it, and the full reference it was given. */
    public record Build(String imageName, String tag) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public BuildArtifacts {
        builds = builds == null ? List.of() : List.copyOf(builds);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static BuildArtifacts read(Path file) {
        try {
            BuildArtifacts artifacts = JSON.readValue(Files.readAllBytes(file), BuildArtifacts.class);
            for (Build b : artifacts.builds()) {
                if (b == null || b.imageName() == null || b.tag() == null) {
                    throw new IllegalArgumentException(file + ": every build needs imageName and tag");
                }
            }
            return artifacts;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a build artifacts file ({\"builds\":[{\"imageName\":...,\"tag\":...}]}): "
                    + e.getMessage(), e);
        }
    }

    /** imageName to tag, in file order. */
    public Map<String, String> byImage() {
        Map<String, String> map = new LinkedHashMap<>();
        builds.forEach(b -> map.put(b.imageName(), b.tag()));
        return map;
    }
}
