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

    /**
     * One built artifact: its image as the config names it, and the full reference it was given.
     *
     * @param tags with a list of tag policies, every reference the image gets, {@code tag} first;
     *     left out of the file for a single tag, so the file stays exactly Skaffold's
     */
    public record Build(
            String imageName,
            String tag,

            @com.fasterxml.jackson.annotation.JsonInclude(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
            List<String> tags) {
        public Build {
            tags = tags == null || tags.size() < 2 ? List.of() : List.copyOf(tags);
        }

        public Build(String imageName, String tag) {
            this(imageName, tag, List.of());
        }
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
            throw new IllegalArgumentException(
                    file + ": not a build artifacts file ({\"builds\":[{\"imageName\":...,\"tag\":...}]}): "
                            + e.getMessage(),
                    e);
        }
    }

    /** imageName to tag, in file order. */
    public Map<String, String> byImage() {
        Map<String, String> map = new LinkedHashMap<>();
        builds.forEach(b -> map.put(b.imageName(), b.tag()));
        return map;
    }
}
