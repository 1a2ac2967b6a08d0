package io.kaskade.model.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.model.config.GitTagger;
import io.kaskade.model.config.InputDigest;
import io.kaskade.model.config.ShaTagger;
import io.kaskade.model.config.TagPolicy;
import io.kaskade.model.config.TaggerComponent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tag policy chooser, as Skaffold's tagger_mux_test.go checks it. */
class TaggersTest {

    @TempDir
    Path tmp;

    @Test
    void absentPolicyIsGitCommitWithDefaults() {
        TestRepo.init(tmp)
                .write("source.go", "code")
                .add("source.go")
                .commit("initial")
                .tag("v1")
                .close();
        TagInput input = new TagInput("test", tmp, Map.of());

        assertThat(Taggers.forPolicy(null).generateTag(input)).isEqualTo("v1");
        assertThat(Taggers.forPolicy(new TagPolicy(null)).generateTag(input)).isEqualTo("v1");
        assertThat(Taggers.forPolicy(new TagPolicy(new GitTagger(null, null, null)))
                        .generateTag(input))
                .isEqualTo("v1");
    }

    @Test
    void gitCommitSettingsAreApplied() {
        TestRepo.init(tmp)
                .write("source.go", "code")
                .add("source.go")
                .commit("initial")
                .write("new.go", "x")
                .close();
        TagInput input = new TagInput("test", tmp, Map.of());

        assertThat(Taggers.forPolicy(new TagPolicy(new GitTagger("CommitSha", "p-", null)))
                        .generateTag(input))
                .isEqualTo("p-eefe1b9c44eb0aa87199c9a079f2d48d8eb8baed-dirty");
        assertThat(Taggers.forPolicy(new TagPolicy(new GitTagger("AbbrevCommitSha", "", true)))
                        .generateTag(input))
                .isEqualTo("eefe1b9");
    }

    private static final Clock MARCH_7 = Clock.fixed(Instant.parse("2015-03-07T11:06:39.123Z"), ZoneId.of("UTC"));

    @Test
    void everyPolicyTypeIsMapped() {
        TestRepo.init(tmp)
                .write("source.go", "code")
                .add("source.go")
                .commit("initial")
                .close();
        TagInput input = new TagInput("test", tmp, Map.of("FOO", "BAR"));

        assertThat(Taggers.forPolicy(policy(null, new ShaTagger(), null, null, null, null), MARCH_7)
                        .generateTag(input))
                .isEqualTo("latest");
        assertThat(Taggers.forPolicy(
                                policy(
                                        null,
                                        null,
                                        new io.kaskade.model.config.EnvTemplateTagger("{{.FOO}}-{{.IMAGE_NAME}}"),
                                        null,
                                        null,
                                        null),
                                MARCH_7)
                        .generateTag(input))
                .isEqualTo("BAR-test");
        assertThat(Taggers.forPolicy(
                                policy(
                                        null,
                                        null,
                                        null,
                                        new io.kaskade.model.config.DateTimeTagger(null, "UTC"),
                                        null,
                                        null),
                                MARCH_7)
                        .generateTag(input))
                .isEqualTo("2015-03-07_11-06-39.123_UTC");
        assertThat(Taggers.forPolicy(policy(null, null, null, null, null, new InputDigest()), MARCH_7)
                        .generateTag(input))
                .hasSize(64);
        io.kaskade.model.config.CustomTemplateTagger custom = new io.kaskade.model.config.CustomTemplateTagger(
                "{{.GIT}}-{{.D}}-{{.SHA}}",
                List.of(new TaggerComponent(
                        "D",
                        null,
                        null,
                        null,
                        new io.kaskade.model.config.DateTimeTagger("2006-01-02", "UTC"),
                        null,
                        null)));
        assertThat(Taggers.forPolicy(policy(null, null, null, null, custom, null), MARCH_7)
                        .generateTag(input))
                .isEqualTo("eefe1b9-2015-03-07-latest");
    }

    @Test
    void invalidPoliciesFailLoudly() {
        assertThatThrownBy(() -> Taggers.forPolicy(
                        policy(new GitTagger(null, null, null), new ShaTagger(), null, null, null, null)))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("more than one tagger");
        TaggerComponent nested = new TaggerComponent(
                "N", null, null, null, null, new io.kaskade.model.config.CustomTemplateTagger("x", List.of()), null);
        assertThatThrownBy(() -> Taggers.forPolicy(policy(
                        null,
                        null,
                        null,
                        null,
                        new io.kaskade.model.config.CustomTemplateTagger("{{.N}}", List.of(nested)),
                        null)))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("nested customTemplate");
        TaggerComponent sha = new TaggerComponent("S", null, new ShaTagger(), null, null, null, null);
        assertThatThrownBy(() -> Taggers.forPolicy(policy(
                        null,
                        null,
                        null,
                        null,
                        new io.kaskade.model.config.CustomTemplateTagger("{{.S}}", List.of(sha, sha)),
                        null)))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("multiple components with name S");
        assertThatThrownBy(() -> Taggers.forPolicy(policy(
                        null,
                        null,
                        null,
                        new io.kaskade.model.config.DateTimeTagger("2006", "Mars/Olympus"),
                        null,
                        null)))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("bad timezone");
    }

    private static TagPolicy policy(
            GitTagger git,
            ShaTagger sha,
            io.kaskade.model.config.EnvTemplateTagger env,
            io.kaskade.model.config.DateTimeTagger date,
            io.kaskade.model.config.CustomTemplateTagger custom,
            InputDigest digest) {
        return new TagPolicy(git, sha, env, date, custom, digest);
    }

    @Test
    void aListOfPoliciesGivesOneTagEachInOrderWithoutDuplicates() {
        TestRepo.init(tmp)
                .write("source.go", "code")
                .add("source.go")
                .commit("initial")
                .close();
        TagInput input = new TagInput("test", tmp, Map.of("RELEASE", "1.2"));
        List<Tagger> taggers = Taggers.forPolicies(
                List.of(
                        new TagPolicy(new GitTagger("AbbrevCommitSha", null, null)),
                        policy(
                                null,
                                null,
                                new io.kaskade.model.config.EnvTemplateTagger("v{{.RELEASE}}"),
                                null,
                                null,
                                null),
                        policy(null, new ShaTagger(), null, null, null, null),
                        new TagPolicy(new GitTagger("AbbrevCommitSha", null, null))),
                MARCH_7);

        assertThat(Taggers.tags(taggers, input)).containsExactly("eefe1b9", "v1.2", "latest");
        assertThat(Taggers.tags(Taggers.forPolicies(List.of(), MARCH_7), input)).containsExactly("eefe1b9");
    }

    @Test
    void anInvalidPolicyInAListIsNamedByPosition() {
        assertThatThrownBy(() -> Taggers.forPolicies(List.of(
                        policy(null, new ShaTagger(), null, null, null, null),
                        policy(new GitTagger(null, null, null), new ShaTagger(), null, null, null, null))))
                .isInstanceOf(TagException.class)
                .hasMessage("tagPolicy[1]: tagPolicy sets more than one tagger; choose exactly one");
    }

    @Test
    void chosenTagsAreSanitised() {
        TagInput input = new TagInput("test", tmp, Map.of("RELEASE", "release/1.0+build"));
        assertThat(Taggers.sanitized(new EnvTemplateTagger("{{.RELEASE}}")).generateTag(input))
                .isEqualTo("release_1.0_build");
        assertThat(Taggers.sanitized(new EnvTemplateTagger("-{{.RELEASE}}" + "x".repeat(200)))
                        .generateTag(input))
                .startsWith("_release_1.0_build")
                .hasSize(128);
    }

    @Test
    void unknownVariantFailsWhenChoosing() {
        assertThatThrownBy(() -> Taggers.forPolicy(new TagPolicy(new GitTagger("Branch", null, null))))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("\"Branch\" is not a valid git tagger variant");
    }
}
