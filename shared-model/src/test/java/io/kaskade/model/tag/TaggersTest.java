package io.kaskade.model.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.model.config.GitTagger;
import io.kaskade.model.config.TagPolicy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tag policy chooser, as Skaffold's tagger_mux_test.go checks it. */
class TaggersTest {

    @TempDir
    Path tmp;

    @Test
    void absentPolicyIsGitCommitWithDefaults() {
        TestRepo.init(tmp).write("source.go", "code").add("source.go").commit("initial").tag("v1").close();
        TagInput input = new TagInput("test", tmp, Map.of());

        assertThat(Taggers.forPolicy(null).generateTag(input)).isEqualTo("v1");
        assertThat(Taggers.forPolicy(new TagPolicy(null)).generateTag(input)).isEqualTo("v1");
        assertThat(Taggers.forPolicy(new TagPolicy(new GitTagger(null, null, null))).generateTag(input)).isEqualTo("v1");
    }

    @Test
    void gitCommitSettingsAreApplied() {
        TestRepo.init(tmp).write("source.go", "code").add("source.go").commit("initial").write("new.go", "x").close();
        TagInput input = new TagInput("test", tmp, Map.of());

        assertThat(Taggers.forPolicy(new TagPolicy(new GitTagger("CommitSha", "p-", null))).generateTag(input))
                .isEqualTo("p-eefe1b9c44eb0aa87199c9a079f2d48d8eb8baed-dirty");
        assertThat(Taggers.forPolicy(new TagPolicy(new GitTagger("AbbrevCommitSha", "", true))).generateTag(input))
                .isEqualTo("eefe1b9");
    }

    @Test
    void chosenTagsAreSanitised() {
        TagInput input = new TagInput("test", tmp, Map.of("RELEASE", "release/1.0+build"));
        assertThat(Taggers.sanitized(new EnvTemplateTagger("{{.RELEASE}}")).generateTag(input)).isEqualTo("release_1.0_build");
        assertThat(Taggers.sanitized(new EnvTemplateTagger("-{{.RELEASE}}" + "x".repeat(200))).generateTag(input))
                .startsWith("_release_1.0_build").hasSize(128);
    }

    @Test
    void unknownVariantFailsWhenChoosing() {
        assertThatThrownBy(() -> Taggers.forPolicy(new TagPolicy(new GitTagger("Branch", null, null))))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("\"Branch\" is not a valid git tagger variant");
    }
}
