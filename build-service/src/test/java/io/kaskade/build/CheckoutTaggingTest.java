package io.kaskade.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.model.config.GitTagger;
import io.kaskade.model.config.TagPolicy;
import io.kaskade.model.tag.TagInput;
import io.kaskade.model.tag.Tagger;
import io.kaskade.model.tag.Taggers;
import io.kaskade.service.source.GitSource;
import io.kaskade.testing.GitRepos;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The build-service tags the checkout GitSource makes for a run; the CLI's dry run tags the user's
 * own clone. Both must give the same tag for the same commit, tags included.
 */
class CheckoutTaggingTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"Tags", "CommitSha", "AbbrevCommitSha", "TreeSha", "AbbrevTreeSha"})
    void checkoutTagsLikeTheOriginalRepository(String variant) throws Exception {
        Path origin = tmp.resolve("origin");
        String first = GitRepos.create(origin, Map.of("app/Dockerfile", "FROM scratch\n", "README.md", "x\n"));
        try (Git git = Git.open(origin.toFile())) {
            git.tag()
                    .setName("v1.0")
                    .setAnnotated(true)
                    .setMessage("release")
                    .setSigned(false)
                    .call();
        }
        String second = GitRepos.commit(origin, Map.of("app/index.html", "hi\n"), "second");
        Tagger tagger = Taggers.forPolicy(new TagPolicy(new GitTagger(variant, null, null)));

        for (String commit : new String[] {first, second}) {
            Path workspace = GitSource.checkout(origin.toString(), commit, tmp.resolve("ws-" + variant + "-" + commit));
            try (Git git = Git.open(origin.toFile())) {
                git.checkout().setName(commit).call();
            }
            String inPipeline = tagger.generateTag(new TagInput("app", workspace.resolve("app"), Map.of()));
            String inClone = tagger.generateTag(new TagInput("app", origin.resolve("app"), Map.of()));
            assertThat(inPipeline)
                    .as("%s at %s", variant, commit)
                    .isEqualTo(inClone)
                    .doesNotEndWith("-dirty");
        }
        if (variant.equals("Tags")) {
            Path workspace = tmp.resolve("ws-again");
            GitSource.checkout(origin.toString(), first, workspace);
            assertThat(tagger.generateTag(new TagInput("app", workspace.resolve("app"), Map.of())))
                    .isEqualTo("v1.0");
            Path later = tmp.resolve("ws-later");
            GitSource.checkout(origin.toString(), second, later);
            assertThat(tagger.generateTag(new TagInput("app", later.resolve("app"), Map.of())))
                    .isEqualTo("v1.0-1-g" + second.substring(0, 7));
        }
    }

    @Test
    void untrackedFilesInTheContextMakeItDirty() throws Exception {
        Path origin = tmp.resolve("origin");
        String commit = GitRepos.create(origin, Map.of("Dockerfile", "FROM scratch\n"));
        Path workspace = GitSource.checkout(origin.toString(), commit, tmp.resolve("ws"));
        java.nio.file.Files.writeString(workspace.resolve("generated.txt"), "x");

        assertThat(Taggers.forPolicy(null).generateTag(new TagInput("app", workspace, Map.of())))
                .isEqualTo(commit.substring(0, 7) + "-dirty");
    }
}
