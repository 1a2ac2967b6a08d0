package io.kaskade.trigger.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaskade.service.source.GitSource;
import io.kaskade.testing.GitRepos;
import io.kaskade.trigger.api.TriggerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fetching through a URL (file:// stands in for a forge: same JGit transport code path, no network). */
class RemoteFetchTest {

    @Test
    void aShallowFetchHasTheTipAndIsRemovedOnClose() throws Exception {
        Path origin = Files.createTempDirectory("fetch-origin");
        GitRepos.create(origin, Map.of("a.txt", "1\n"));
        String tip = GitRepos.commit(origin, Map.of("a.txt", "2\n"), "second");
        Path dir;
        try (RemoteFetch fetch = RemoteFetch.of(origin.toUri().toString(), true, Duration.ofSeconds(120), 512L << 20)) {
            dir = fetch.dir();
            assertThat(GitSource.resolveCommit(dir.toString(), "main")).isEqualTo(tip);
            assertThat(new String(GitSource.readFile(dir.toString(), tip, "a.txt")))
                    .isEqualTo("2\n");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void aRepositoryLargerThanAllowedIsRefusedWith413AndLeavesNothing() throws Exception {
        Path origin = Files.createTempDirectory("fetch-large");
        GitRepos.create(origin, Map.of("big.txt", "x".repeat(200_000)));
        assertThatThrownBy(() -> RemoteFetch.of(origin.toUri().toString(), false, Duration.ofSeconds(120), 1024))
                .isInstanceOfSatisfying(TriggerException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("max-size-mb");
                });
    }

    @Test
    void anUnreachableRepositoryIsNotFound() {
        assertThatThrownBy(() ->
                        RemoteFetch.of("file:///nonexistent/kaskade-repo.git", true, Duration.ofSeconds(60), 1L << 20))
                .isInstanceOfSatisfying(
                        TriggerException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
