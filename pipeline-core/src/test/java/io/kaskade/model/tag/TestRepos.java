package io.kaskade.model.tag;

/** Repository layouts several tagger tests share. */
final class TestRepos {

    private TestRepos() {}

    /** Two artifact folders in one commit, tagged {@code v1}. */
    static TestRepo twoArtifactsTagged(TestRepo repo) {
        return repo.mkdir("artifact1")
                .write("artifact1/source.go", "code")
                .mkdir("artifact2")
                .write("artifact2/source.go", "other code")
                .add("artifact1/source.go", "artifact2/source.go")
                .commit("initial")
                .tag("v1");
    }
}
