package io.kaskade.deploy.deployer.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A chart whose templates are the release's already rendered and image-replaced manifest.
 *
 * <p>Skaffold gives Helm a post-renderer that puts the built images into the rendered output, so
 * charts that write their images literally (instead of templating them from values) still deploy
 * what was built. The embedded Helm library takes no post-renderer, so when the rendered output
 * needs a replacement Kaskade installs this chart instead: same name and version as the original,
 * each rendered document a static template (hooks keep their annotations, so they stay hooks). Helm
 * still records the release, its revisions and the manifest exactly as it would have applied it.
 */
final class PostRenderedChart {

    private PostRenderedChart() {}

    /**
     * Writes the chart into {@code directory}.
     *
     * @param name the original chart's name
     * @param version the original chart's version
     * @param appVersion the original chart's appVersion, or null
     * @param documents the post-rendered manifest, one YAML document per element
     */
    static Path write(Path directory, String name, String version, String appVersion, List<String> documents)
            throws IOException {
        Files.createDirectories(directory.resolve("templates"));
        StringBuilder chart = new StringBuilder()
                .append("apiVersion: v2\n")
                .append("name: ")
                .append(quote(name))
                .append('\n')
                .append("version: ")
                .append(quote(version))
                .append('\n')
                .append("description: ")
                .append(quote(name + " rendered by Helm, images replaced by Kaskade"))
                .append('\n');
        if (appVersion != null && !appVersion.isBlank()) {
            chart.append("appVersion: ").append(quote(appVersion)).append('\n');
        }
        Files.writeString(directory.resolve("Chart.yaml"), chart, StandardCharsets.UTF_8);
        for (int i = 0; i < documents.size(); i++) {
            Files.writeString(
                    directory.resolve("templates").resolve(String.format("rendered-%03d.yaml", i)),
                    escape(documents.get(i)),
                    StandardCharsets.UTF_8);
        }
        return directory;
    }

    /** Text that Go templates print as it is: only an opening action delimiter has a meaning there. */
    static String escape(String text) {
        return text.replace("{{", "{{ \"{{\" }}");
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
