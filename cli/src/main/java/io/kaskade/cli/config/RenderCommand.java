package io.kaskade.cli.config;

import io.kaskade.model.config.EffectiveConfig;
import io.kaskade.model.config.Kustomize;
import io.kaskade.model.config.ManifestsConfig;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.image.ManifestImages;
import io.kaskade.service.process.ToolProcess;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kaskade render}: the manifests a deploy would apply ({@code manifests.rawYaml} and
 * {@code manifests.kustomize}, rendered with {@code kubectl kustomize}), with the built images put in
 * by Skaffold's replacement rule.
 */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = "Print the config's Kubernetes manifests with the built images substituted.")
public final class RenderCommand extends ConfigVerb {

    private static final Duration KUSTOMIZE_TIMEOUT = Duration.ofMinutes(5);
    /** The rendered YAML is kept whole, up to 64 MiB. */
    private static final int RENDERED_LIMIT_CHARS = 64 << 20;

    @Mixin
    ConfigOptions config;

    @Option(
            names = {"-a", "--build-artifacts"},
            required = true,
            description =
                    "Build output file ({\"builds\":[{\"imageName\":...,\"tag\":...}]}), e.g. from 'kaskade build --dry-run --file-output'.")
    Path buildArtifacts;

    @Option(
            names = "--kustomize-command",
            defaultValue = "kubectl kustomize",
            description = "Command that renders a kustomization directory (default: ${DEFAULT-VALUE}).")
    String kustomizeCommand;

    @Override
    int run() throws Exception {
        Map<String, String> builds = BuildArtifacts.read(buildArtifacts).byImage();
        EffectiveConfig effective = config.resolve("render");
        List<String> documents = new ArrayList<>();
        for (SkaffoldConfig c : effective.configs()) {
            ManifestImages replacer = new ManifestImages(builds, c.resourceSelector());
            ManifestsConfig manifests = c.manifests();
            if (manifests == null) {
                continue;
            }
            for (String pattern : manifests.rawYaml()) {
                for (Path file : glob(pattern)) {
                    documents.addAll(replace(Files.readString(file), file.toString(), replacer));
                }
            }
            Kustomize kustomize = manifests.kustomize();
            if (kustomize != null) {
                for (String path : kustomize.paths().isEmpty() ? List.of(".") : kustomize.paths()) {
                    documents.addAll(replace(kustomize(path, kustomize.buildArgs()), "kustomize " + path, replacer));
                }
            }
        }
        out().print(String.join("---\n", documents));
        return 0;
    }

    private List<Path> glob(String pattern) throws IOException {
        if (pattern.startsWith("http://") || pattern.startsWith("https://")) {
            throw new IllegalArgumentException("remote manifest " + pattern + " is not supported by render");
        }
        Path base = config.directory();
        Path literal = base.resolve(pattern).normalize();
        if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
            if (!Files.isRegularFile(literal)) {
                throw new IllegalArgumentException("manifest " + pattern + " not found in " + base);
            }
            return List.of(literal);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(base.relativize(p)))
                    .sorted()
                    .toList();
        }
    }

    private List<String> replace(String text, String source, ManifestImages replacer) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        Yaml writer = new Yaml(new Representer(options), options);
        List<String> out = new ArrayList<>();
        try {
            for (Object doc : yaml.loadAll(text)) {
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException(source + ": a manifest must be a YAML mapping");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> manifest = (Map<String, Object>) map;
                replacer.replace(manifest);
                out.add(writer.dump(manifest));
            }
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalArgumentException(source + ": invalid YAML: " + e.getMessage(), e);
        }
        return out;
    }

    private String kustomize(String path, List<String> buildArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(kustomizeCommand.trim().split("\\s+")));
        for (String arg : buildArgs) {
            command.addAll(List.of(arg.trim().split("\\s+")));
        }
        command.add(config.directory().resolve(path).normalize().toString());
        ToolProcess.Result result;
        try {
            result = ToolProcess.command(command)
                    .timeout(KUSTOMIZE_TIMEOUT)
                    .keep(RENDERED_LIMIT_CHARS)
                    .run();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
        }
        if (result.timedOut()) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish in 5 minutes");
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed: "
                    + result.stderr().trim());
        }
        return result.stdout();
    }
}
