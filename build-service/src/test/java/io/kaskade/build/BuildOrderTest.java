package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kaskade.build.builder.BuildFailure;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.ArtifactDependency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Artifacts build after what they require, as Skaffold schedules them. */
class BuildOrderTest {

    private static Artifact artifact(String image, String... requires) {
        List<ArtifactDependency> deps = java.util.Arrays.stream(requires)
                .map(r -> new ArtifactDependency(r, null))
                .toList();
        return new Artifact(image, null, null, deps, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void requiredArtifactsComeFirstOtherwiseConfigOrder() throws Exception {
        List<Artifact> ordered = BuildOrder.of(
                List.of(artifact("app", "base", "lib"), artifact("other"), artifact("lib", "base"), artifact("base")));
        assertThat(ordered).extracting(Artifact::image).containsExactly("base", "lib", "app", "other");
    }

    @Test
    void cyclesUnknownImagesAndDuplicatesAreRefused() {
        assertThat(((BuildFailure) catchThrowable(() -> BuildOrder.of(List.of(artifact("a", "b"), artifact("b", "a")))))
                        .getMessage())
                .contains("cycle")
                .contains("a -> b -> a");
        assertThat(((BuildFailure) catchThrowable(() -> BuildOrder.of(List.of(artifact("a", "a"))))).getMessage())
                .contains("a -> a");
        assertThat(((BuildFailure) catchThrowable(() -> BuildOrder.of(List.of(artifact("a", "ghost"))))).getMessage())
                .contains("requires ghost");
        assertThat(((BuildFailure) catchThrowable(() -> BuildOrder.of(List.of(artifact("a"), artifact("a"))))).code())
                .isEqualTo("BUILD_CONFIG_INVALID");
    }

    @Test
    void aliasDefaultsToTheImageName() {
        assertThat(BuildOrder.alias(new ArtifactDependency("127.0.0.1:5000/base", null)))
                .isEqualTo("127.0.0.1:5000/base");
        assertThat(BuildOrder.alias(new ArtifactDependency("127.0.0.1:5000/base", "BASE")))
                .isEqualTo("BASE");
    }
}
