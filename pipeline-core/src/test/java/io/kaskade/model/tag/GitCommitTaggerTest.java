package io.kaskade.model.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code gitCommit} tagger against repositories built like Skaffold's {@code git_commit_test.go};
 * the expected tags are the values Skaffold's own table expects for the same repositories.
 */
class GitCommitTaggerTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> repositories() {
        return Stream.of(
                arguments(
                        "clean worktree without tag",
                        (Consumer<TestRepo>) r ->
                                r.write("source.go", "code").add("source.go").commit("initial"),
                        "",
                        false,
                        "eefe1b9",
                        "eefe1b9c44eb0aa87199c9a079f2d48d8eb8baed",
                        "eefe1b9",
                        "3bed02ca656e336307e4eb4d80080d7221cba62c",
                        "3bed02c"),
                arguments(
                        "clean worktree with tag containing a slash",
                        (Consumer<TestRepo>) r -> r.write("source.go", "code")
                                .add("source.go")
                                .commit("initial")
                                .tag("v/1")
                                .write("other.go", "other")
                                .add("other.go")
                                .commit("second commit")
                                .tag("v/2"),
                        "",
                        false,
                        "v_2",
                        "aea33bcc86b5af8c8570ff45d8a643202d63c808",
                        "aea33bc",
                        "bc69d50cda6897a6f2054e64b9059f038dc6fb0e",
                        "bc69d50"),
                arguments(
                        "dirty worktree with tag containing a slash",
                        (Consumer<TestRepo>) r -> r.write("source.go", "code")
                                .add("source.go")
                                .commit("initial")
                                .tag("v/1")
                                .write("other.go", "other")
                                .add("other.go")
                                .commit("second commit")
                                .tag("v/2")
                                .write("other.go", "updated code"),
                        "",
                        false,
                        "v_2-dirty",
                        "aea33bcc86b5af8c8570ff45d8a643202d63c808-dirty",
                        "aea33bc-dirty",
                        "bc69d50cda6897a6f2054e64b9059f038dc6fb0e-dirty",
                        "bc69d50-dirty"),
                arguments(
                        "dirty worktree with ignore changes flag",
                        (Consumer<TestRepo>) r -> r.write("source.go", "code")
                                .add("source.go")
                                .commit("initial")
                                .tag("v/1")
                                .write("other.go", "other")
                                .add("other.go")
                                .commit("second commit")
                                .tag("v/2")
                                .write("other.go", "updated code"),
                        "",
                        true,
                        "v_2",
                        "aea33bcc86b5af8c8570ff45d8a643202d63c808",
                        "aea33bc",
                        "bc69d50cda6897a6f2054e64b9059f038dc6fb0e",
                        "bc69d50"),
                arguments(
                        "clean worktree with tags",
                        (Consumer<TestRepo>) r -> r.write("source.go", "code")
                                .add("source.go")
                                .commit("initial")
                                .tag("v1")
                                .write("other.go", "other")
                                .add("other.go")
                                .commit("second commit")
                                .tag("v2"),
                        "",
                        false,
                        "v2",
                        "aea33bcc86b5af8c8570ff45d8a643202d63c808",
                        "aea33bc",
                        "bc69d50cda6897a6f2054e64b9059f038dc6fb0e",
                        "bc69d50"),
                arguments(
                        "treeSha only considers current tree content",
                        (Consumer<TestRepo>) r -> r.write("source.go", "other code")
                                .add("source.go")
                                .commit("initial")
                                .write("source.go", "code")
                                .add("source.go")
                                .commit("updated code")
                                .tag("v1"),
                        "",
                        false,
                        "v1",
                        "b2f7a7d62794237ac293eb07c6bcae3736b96231",
                        "b2f7a7d",
                        "3bed02ca656e336307e4eb4d80080d7221cba62c",
                        "3bed02c"),
                arguments(
                        "dirty worktree without tag",
                        (Consumer<TestRepo>) r -> r.write("source.go", "code")
                                .add("source.go")
                                .commit("initial")
                                .write("source.go", "updated code"),
                        "",
                        false,
                        "eefe1b9-dirty",
                        "eefe1b9c44eb0aa87199c9a079f2d48d8eb8baed-dirty",
                        "eefe1b9-dirty",
                        "3bed02ca656e336307e4eb4d80080d7221cba62c-dirty",
                        "3bed02c-dirty"),
                arguments(
                        "dirty worktree with tag",
                        (Consumer<TestRepo>) r -> r.write("source.go", "code")
                                .add("source.go")
                                .commit("initial")
                                .tag("v1")
                                .write("source.go", "updated code"),
                        "",
                        false,
                        "v1-dirty",
                        "eefe1b9c44eb0aa87199c9a079f2d48d8eb8baed-dirty",
                        "eefe1b9-dirty",
                        "3bed02ca656e336307e4eb4d80080d7221cba62c-dirty",
                        "3bed02c-dirty"),
                arguments(
                        "untracked",
                        (Consumer<TestRepo>) r -> r.write("source.go", "code")
                                .add("source.go")
                                .commit("initial")
                                .write("new.go", "new code"),
                        "",
                        false,
                        "eefe1b9-dirty",
                        "eefe1b9c44eb0aa87199c9a079f2d48d8eb8baed-dirty",
                        "eefe1b9-dirty",
                        "3bed02ca656e336307e4eb4d80080d7221cba62c-dirty",
                        "3bed02c-dirty"),
                arguments(
                        "tag plus one commit",
                        (Consumer<TestRepo>) r -> r.write("source.go", "code")
                                .add("source.go")
                                .commit("initial")
                                .tag("v1")
                                .write("source.go", "updated code")
                                .add("source.go")
                                .commit("changes"),
                        "",
                        false,
                        "v1-1-g3cec6b9",
                        "3cec6b950895704a8a69b610a199b242a3bd370f",
                        "3cec6b9",
                        "81eea360f7f81bc5c187498a8d6c4337e0361374",
                        "81eea36"),
                arguments(
                        "deleted file",
                        (Consumer<TestRepo>) r -> r.write("source1.go", "code1")
                                .write("source2.go", "code2")
                                .add("source1.go", "source2.go")
                                .commit("initial")
                                .delete("source1.go"),
                        "",
                        false,
                        "279d53f-dirty",
                        "279d53fcc3ae34503aec382a49a41f6db6de9a66-dirty",
                        "279d53f-dirty",
                        "039c20a072ceb72fb72d5883315df91659bb8ae4-dirty",
                        "039c20a-dirty"),
                arguments(
                        "rename",
                        (Consumer<TestRepo>) r -> r.write("source.go", "code")
                                .add("source.go")
                                .commit("initial")
                                .rename("source.go", "source2.go"),
                        "",
                        false,
                        "eefe1b9-dirty",
                        "eefe1b9c44eb0aa87199c9a079f2d48d8eb8baed-dirty",
                        "eefe1b9-dirty",
                        "3bed02ca656e336307e4eb4d80080d7221cba62c-dirty",
                        "3bed02c-dirty"),
                arguments(
                        "clean artifact1 in tagged repo",
                        (Consumer<TestRepo>) TestRepos::twoArtifactsTagged,
                        "artifact1/",
                        false,
                        "v1",
                        "b610928dc27484cc56990bc77622aab0dbd67131",
                        "b610928",
                        "3bed02ca656e336307e4eb4d80080d7221cba62c",
                        "3bed02c"),
                arguments(
                        "clean artifact2 in tagged repo",
                        (Consumer<TestRepo>) TestRepos::twoArtifactsTagged,
                        "artifact2",
                        false,
                        "v1",
                        "b610928dc27484cc56990bc77622aab0dbd67131",
                        "b610928",
                        "36651c832d8bf5ca1e84c6dc23bb8678fa51cf3e",
                        "36651c8"),
                arguments(
                        "clean artifact in dirty repo",
                        (Consumer<TestRepo>)
                                r -> TestRepos.twoArtifactsTagged(r).write("artifact2/source.go", "updated code"),
                        "artifact1",
                        false,
                        "v1",
                        "b610928dc27484cc56990bc77622aab0dbd67131",
                        "b610928",
                        "3bed02ca656e336307e4eb4d80080d7221cba62c",
                        "3bed02c"),
                arguments(
                        "updated artifact in dirty repo",
                        (Consumer<TestRepo>)
                                r -> TestRepos.twoArtifactsTagged(r).write("artifact2/source.go", "updated code"),
                        "artifact2",
                        false,
                        "v1-dirty",
                        "b610928dc27484cc56990bc77622aab0dbd67131-dirty",
                        "b610928-dirty",
                        "36651c832d8bf5ca1e84c6dc23bb8678fa51cf3e-dirty",
                        "36651c8-dirty"),
                arguments(
                        "additional commit in other artifact",
                        (Consumer<TestRepo>) r -> r.mkdir("artifact1")
                                .write("artifact1/source.go", "code")
                                .mkdir("artifact2")
                                .write("artifact2/source.go", "other code")
                                .add("artifact1/source.go", "artifact2/source.go")
                                .commit("initial")
                                .write("artifact2/source.go", "updated code")
                                .add("artifact2/source.go")
                                .commit("update artifact2"),
                        "artifact1",
                        false,
                        "0d16f59",
                        "0d16f59900bd63dd39425d6085d3f1333b66804f",
                        "0d16f59",
                        "3bed02ca656e336307e4eb4d80080d7221cba62c",
                        "3bed02c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repositories")
    void tagsLikeSkaffold(
            String description,
            Consumer<TestRepo> setup,
            String subDir,
            boolean ignoreChanges,
            String tags,
            String commitSha,
            String abbrevCommitSha,
            String treeSha,
            String abbrevTreeSha) {
        TestRepo repo = TestRepo.init(tmp);
        setup.accept(repo);
        repo.close();
        TagInput input = new TagInput("test", tmp.resolve(subDir), Map.of());

        Map<String, String> expected = Map.of(
                "Tags",
                tags,
                "CommitSha",
                commitSha,
                "AbbrevCommitSha",
                abbrevCommitSha,
                "TreeSha",
                treeSha,
                "AbbrevTreeSha",
                abbrevTreeSha);
        expected.forEach(
                (variant, tag) -> assertThat(new GitCommitTagger(variant, "", ignoreChanges).generateTag(input))
                        .as(variant)
                        .isEqualTo(tag));
    }

    @Test
    void failsOutsideAGitRepository() throws Exception {
        Files.writeString(tmp.resolve("source.go"), "code");
        TagInput input = new TagInput("test", tmp, Map.of());

        for (GitCommitTagger.Variant variant : GitCommitTagger.Variant.values()) {
            assertThatThrownBy(() -> new GitCommitTagger(variant, "", false).generateTag(input))
                    .isInstanceOf(TagException.class)
                    .hasMessageContaining("not inside a git repository");
        }
    }

    @Test
    void failsInARepositoryWithoutCommits() {
        TestRepo.init(tmp).close();
        TagInput input = new TagInput("test", tmp, Map.of());

        for (GitCommitTagger.Variant variant : GitCommitTagger.Variant.values()) {
            assertThatThrownBy(() -> new GitCommitTagger(variant, "", false).generateTag(input))
                    .isInstanceOf(TagException.class)
                    .hasMessageContaining("has no commit yet");
        }
    }

    /** Skaffold's TestGitCommitSubDirectory: an empty directory that no commit contains. */
    @Test
    void uncommittedSubDirectoryHasCommitTagsButNoTree() {
        TestRepo repo = TestRepo.init(tmp).mkdir("sub/sub").commit("initial");
        repo.close();
        TagInput input = new TagInput("test", tmp.resolve("sub/sub"), Map.of());

        assertThat(new GitCommitTagger("Tags", "", false).generateTag(input)).isEqualTo("a7b32a6");
        assertThat(new GitCommitTagger("CommitSha", "", false).generateTag(input))
                .isEqualTo("a7b32a69335a6daa51bd89cc1bf30bd31df228ba");
        assertThat(new GitCommitTagger("AbbrevCommitSha", "", false).generateTag(input))
                .isEqualTo("a7b32a6");
        assertThatThrownBy(() -> new GitCommitTagger("TreeSha", "", false).generateTag(input))
                .isInstanceOf(TagException.class);
        assertThatThrownBy(() -> new GitCommitTagger("AbbrevTreeSha", "", false).generateTag(input))
                .isInstanceOf(TagException.class);
    }

    /** Skaffold's TestPrefix: the prefix goes in front, unsanitised. */
    @Test
    void prefixGoesInFront() {
        TestRepo.init(tmp).commit("initial").close();
        TagInput input = new TagInput("test", tmp, Map.of());

        assertThat(new GitCommitTagger("Tags", "tag-", false).generateTag(input))
                .isEqualTo("tag-a7b32a6");
        assertThat(new GitCommitTagger("CommitSha", "commit-", false).generateTag(input))
                .isEqualTo("commit-a7b32a69335a6daa51bd89cc1bf30bd31df228ba");
        assertThat(new GitCommitTagger("Tags", "tag-", false).fullyQualifiedImageName(input))
                .isEqualTo("test:tag-a7b32a6");
    }

    @Test
    void annotatedTagsCountToo() {
        TestRepo repo = TestRepo.init(tmp)
                .write("source.go", "code")
                .add("source.go")
                .commit("initial")
                .annotatedTag("release-1.0");
        repo.close();

        assertThat(GitCommitTagger.defaults().generateTag(new TagInput("test", tmp, Map.of())))
                .isEqualTo("release-1.0");
    }

    /**
     * git's "auto" abbreviation: 7 characters up to 2^14 packed objects, 8 from there (git computes
     * ceil((msb(count) + 1) / 2)); {@code git rev-parse --short HEAD} gives 8 characters on this repository.
     */
    @Test
    void largeRepositoriesGetLongerAbbreviations() throws Exception {
        TestRepo.init(tmp).close();
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(tmp.toFile());
                org.eclipse.jgit.lib.ObjectInserter inserter =
                        git.getRepository().newObjectInserter()) {
            org.eclipse.jgit.lib.TreeFormatter tree = new org.eclipse.jgit.lib.TreeFormatter();
            java.util.TreeMap<String, org.eclipse.jgit.lib.ObjectId> blobs = new java.util.TreeMap<>();
            for (int i = 0; i < 16_400; i++) {
                blobs.put(
                        String.format("f%05d", i),
                        inserter.insert(
                                org.eclipse.jgit.lib.Constants.OBJ_BLOB,
                                ("content " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            blobs.forEach((name, id) -> tree.append(name, org.eclipse.jgit.lib.FileMode.REGULAR_FILE, id));
            org.eclipse.jgit.lib.CommitBuilder commit = new org.eclipse.jgit.lib.CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            commit.setAuthor(new org.eclipse.jgit.lib.PersonIdent("John Doe", "john@doe.org"));
            commit.setCommitter(commit.getAuthor());
            commit.setMessage("many files");
            org.eclipse.jgit.lib.ObjectId head = inserter.insert(commit);
            inserter.flush();
            org.eclipse.jgit.lib.RefUpdate update = git.getRepository().updateRef("refs/heads/master");
            update.setNewObjectId(head);
            update.forceUpdate();
            git.reset()
                    .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
                    .call();
            git.gc().call();

            TagInput input = new TagInput("test", tmp, Map.of());
            assertThat(new GitCommitTagger("AbbrevCommitSha", "", false).generateTag(input))
                    .isEqualTo(head.name().substring(0, 8));
            assertThat(new GitCommitTagger("Tags", "", false).generateTag(input))
                    .isEqualTo(head.name().substring(0, 8));
        }
    }

    @Test
    void variantNamesIgnoreCaseAndUnknownOnesFail() {
        assertThat(GitCommitTagger.Variant.parse("abbrevcommitsha"))
                .isEqualTo(GitCommitTagger.Variant.ABBREV_COMMIT_SHA);
        assertThat(GitCommitTagger.Variant.parse(null)).isEqualTo(GitCommitTagger.Variant.TAGS);
        assertThatThrownBy(() -> new GitCommitTagger("Invalid", "", false))
                .isInstanceOf(TagException.class)
                .hasMessageContaining("\"Invalid\" is not a valid git tagger variant");
    }
}
