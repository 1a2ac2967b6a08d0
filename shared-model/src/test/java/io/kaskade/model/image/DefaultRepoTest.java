package io.kaskade.model.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Skaffold's documented default-repo behaviour, case by case. */
class DefaultRepoTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            GCR keeps the path,                gcr.io/some/registry,                gcr.io/default,                  -,     gcr.io/default/gcr.io/some/registry
            GCR ignores multi-level false,     gcr.io/some/registry,                gcr.io/default,                  false, gcr.io/default/gcr.io/some/registry
            Artifact Registry keeps the path,  github.com/org/app,                  us-central1-docker.pkg.dev/default, -,  us-central1-docker.pkg.dev/default/github.com/org/app
            no default repo,                   gcr.io/some/registry,                '',                              -,     gcr.io/some/registry
            already under the repo,            gcr.io/default/registry,             gcr.io/default,                  -,     gcr.io/default/registry
            already under a regional repo,     eu.gcr.io/project/registry,          eu.gcr.io/project,               -,     eu.gcr.io/project/registry
            shared project prefix collapses,   gcr.io/default/example/registry,     gcr.io/default/repository,       -,     gcr.io/default/repository/example/registry
            other registry escapes,            gcr.io/some/registry,                aws_account_id.dkr.ecr.region.amazonaws.com, -, aws_account_id.dkr.ecr.region.amazonaws.com/gcr_io_some_registry
            other registry multi-level,        gcr.io/some/registry,                aws_account_id.dkr.ecr.region.amazonaws.com, true, aws_account_id.dkr.ecr.region.amazonaws.com/gcr.io/some/registry
            same project already,              gcr.io/k8s-skaffold/skaffold-example, gcr.io/k8s-skaffold,            -,     gcr.io/k8s-skaffold/skaffold-example
            plain prefix match,                myrepo/skaffold-example,             myrepo,                          -,     myrepo/skaffold-example
            local registry escapes,            leeroy-web,                          127.0.0.1:5000/team,             -,     127.0.0.1:5000/team/leeroy-web
            local registry escapes dots,       example.com/cmd/app,                 127.0.0.1:5000,                  -,     127.0.0.1:5000/example_com_cmd_app
            ko with GCR,                       ko://example.com/cmd/app,            gcr.io/default,                  -,     gcr.io/default/example.com/cmd/app
            ko without GCR,                    ko://example.com/cmd/app,            myrepo,                          -,     myrepo/example_com_cmd_app
            ko multi-level,                    ko://example.com/cmd/app,            myrepo,                          true,  myrepo/example.com/cmd/app
            keeps tag,                         img:tag,                             gcr.io/default,                  -,     gcr.io/default/img:tag
            keeps digest,                      img@sha256:81daf011d63b68cfa514ddab7741a1adddd59d3264118dfb0fd9266328bb8883, gcr.io/default, -, gcr.io/default/img@sha256:81daf011d63b68cfa514ddab7741a1adddd59d3264118dfb0fd9266328bb8883
            keeps tag and digest,              img:tag@sha256:81daf011d63b68cfa514ddab7741a1adddd59d3264118dfb0fd9266328bb8883, gcr.io/default, -, gcr.io/default/img:tag@sha256:81daf011d63b68cfa514ddab7741a1adddd59d3264118dfb0fd9266328bb8883
            """)
    void rewrites(String description, String image, String repo, Boolean multiLevel, String expected) {
        assertThat(DefaultRepo.apply(repo, multiLevel, image)).as(description).isEqualTo(expected);
    }

    @Test
    void truncatesTo255Characters() {
        String image = "gcr.io/herewehaveanincrediblylongregistryname/herewealsohaveanabnormallylongimagename/"
                + "doubtyouveseenanimagethislong/butyouneverknowdoyouimeanpeopledosomecrazystuffoutthere/"
                + "goodluckpushingthistoanyregistrymyfriend";
        String result = DefaultRepo.apply("aws_account_id.dkr.ecr.region.amazonaws.com", null, image);
        assertThat(result)
                .hasSize(255)
                .startsWith("aws_account_id.dkr.ecr.region.amazonaws.com/gcr_io_herewehave")
                .endsWith("goodluckpushingthistoanyregistrymyfrien");
    }

    @Test
    void invalidImageIsAnError() {
        assertThatThrownBy(() -> DefaultRepo.apply("gcr.io/default", null, "!!invalid!!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("!!invalid!!");
    }
}
