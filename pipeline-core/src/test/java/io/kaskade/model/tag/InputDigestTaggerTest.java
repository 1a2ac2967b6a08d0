package io.kaskade.model.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inputDigest tagger and the Dockerfile dependencies it hashes. */
class InputDigestTaggerTest {

    @TempDir
    Path tmp;

    private void write(String path, String content) throws Exception {
        Path file = tmp.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String tag() {
        return new InputDigestTagger().generateTag(new TagInput("test", tmp, Map.of()));
    }

    /** Skaffold's TestInputDigest fileHasher value for temp.file = "hello\ngo\n", then its encode(). */
    @Test
    void digestMatchesSkaffoldsHashing() throws Exception {
        write("Dockerfile", "FROM scratch\nCOPY temp.file /\n");
        write("temp.file", "hello\ngo\n");

        String dockerfileHash = md5Hex("Dockerfile" + "FROM scratch\nCOPY temp.file /\n");
        String expected = sha256Hex("[\"" + dockerfileHash + "\",\"3cced2dec96a8b41b22875686d8941a9\"]\n");
        assertThat(tag()).isEqualTo(expected).hasSize(64);
    }

    @Test
    void sameSourcesSameTagAnywhereAndChangesChangeIt() throws Exception {
        write("Dockerfile", "FROM scratch\nCOPY src /app\n");
        write("src/a.txt", "a");
        String first = tag();
        write("unrelated.txt", "not copied");
        assertThat(tag()).isEqualTo(first);
        write("src/a.txt", "changed");
        assertThat(tag()).isNotEqualTo(first);
    }

    @Test
    void dependenciesFollowCopyAddIgnoreAndDockerignore() throws Exception {
        write("Dockerfile", """
                # comment
                FROM scratch AS build
                COPY --chown=1:1 src \\
                     conf/*.yaml /app/
                ADD ["docs/readme.md", "/docs/"]
                ADD https://example.invalid/x.tgz /x
                COPY --from=build /app /app
                """);
        write("src/a.txt", "a");
        write("src/tmp/ignored.log", "x");
        write("conf/app.yaml", "y");
        write("conf/other.json", "z");
        write("docs/readme.md", "r");
        write(".dockerignore", "src/tmp\n*.md\n!docs/readme.md\n");

        assertThat(DockerfileDependencies.of(tmp, "Dockerfile"))
                .containsExactly("Dockerfile", "conf/app.yaml", "docs/readme.md", "src/a.txt");
    }

    @Test
    void missingDockerfileDigestsNothing() throws Exception {
        assertThat(tag()).isEqualTo(sha256Hex("null\n"));
        assertThat(DockerfileDependencies.of(tmp, "Dockerfile")).isEqualTo(List.of("Dockerfile"));
    }

    private static String md5Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256Hex(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
