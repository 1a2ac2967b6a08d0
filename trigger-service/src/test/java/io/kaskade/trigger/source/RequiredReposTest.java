package io.kaskade.trigger.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.core.config.ConfigException;
import io.kaskade.model.config.GitInfo;
import io.kaskade.testing.GitRepos;
import io.kaskade.trigger.config.TriggerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code requires[].git} fetches go through the same size and time limits as the run's own repository. */
class RequiredReposTest {

    private static TriggerConfig.Clone limits(long maxSizeMb) {
        return new TriggerConfig.Clone() {
            @Override
            public Duration timeout() {
                return Duration.ofSeconds(60);
            }

            @Override
            public long maxSizeMb() {
                return maxSizeMb;
            }
        };
    }

    @Test
    void readsTheRequiredConfigAtItsRefAndDeletesTheCopy() throws Exception {
        Path repo = Files.createTempDirectory("required");
        GitRepos.create(repo, Map.of("base/skaffold.yaml", "apiVersion: skaffold/v4beta14\nkind: Config\n"));
        List<String> asked = new ArrayList<>();
        RequiredRepos required = new RequiredRepos(asked::add, limits(16));
        byte[] file = required.source(new GitInfo(repo.toString(), null, "main", null))
                .read("base/skaffold.yaml");
        assertThat(new String(file, StandardCharsets.UTF_8)).contains("kind: Config");
        assertThat(asked).containsExactly(repo.toString());
        required.close();
        try (RequiredRepos again = new RequiredRepos(asked::add, limits(16))) {
            assertThatThrownBy(() -> again.source(new GitInfo(repo.toString(), null, "no-such-ref", null)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("no-such-ref");
        }
    }

    @Test
    void aRepositoryOverTheSizeLimitIsRefusedNamingTheSetting() throws Exception {
        Path repo = Files.createTempDirectory("required-big");
        GitRepos.create(repo, Map.of("skaffold.yaml", "apiVersion: skaffold/v4beta14\nkind: Config\n"));
        try (RequiredRepos required = new RequiredRepos(r -> {}, limits(0))) {
            assertThatThrownBy(() -> required.source(new GitInfo(repo.toString(), null, null, null)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("requires.git")
                    .hasMessageContaining("kaskade.trigger.clone.max-size-mb");
        }
    }

    @Test
    void aRefusedRepositoryIsNeverFetched() {
        try (RequiredRepos required = new RequiredRepos(
                r -> {
                    throw new ConfigException("requires.git.repo '" + r + "' is refused");
                },
                limits(16))) {
            assertThatThrownBy(() -> required.source(new GitInfo("/etc", null, null, null)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("refused");
        }
    }
}
