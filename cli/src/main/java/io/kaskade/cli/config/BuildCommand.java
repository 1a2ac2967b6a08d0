package io.kaskade.cli.config;

import io.kaskade.core.config.GlobalConfig;
import io.kaskade.model.config.Artifact;
import io.kaskade.model.config.DockerArtifact;
import io.kaskade.model.config.EffectiveConfig;
import io.kaskade.model.config.KanikoArtifact;
import io.kaskade.model.config.SkaffoldConfig;
import io.kaskade.model.image.DefaultRepo;
import io.kaskade.model.tag.TagException;
import io.kaskade.model.tag.TagInput;
import io.kaskade.model.tag.Tagger;
import io.kaskade.model.tag.Taggers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kaskade build --dry-run}: the image references a build would produce (tag policy and
 * default repo applied), without building. Real builds happen in the pipeline ({@code kaskade trigger}).
 */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description =
                "Compute the images and tags a build would produce (--dry-run), in Skaffold's build output format.")
public final class BuildCommand extends ConfigVerb {

    @Mixin
    ConfigOptions config;

    @Option(
            names = "--dry-run",
            description = "Compute the tags without building (required: builds run in the pipeline).")
    boolean dryRun;

    @Option(
            names = {"-d", "--default-repo"},
            description = "Default repository to push to; overrides $SKAFFOLD_DEFAULT_REPO and the global config.")
    String defaultRepo;

    @Option(names = "--file-output", description = "Also write the build output JSON to this file.")
    Path fileOutput;

    @Option(
            names = {"-c", "--config"},
            description = "Global config file (default: ~/.skaffold/config).")
    Path globalConfig;

    private final Map<String, String> environment;

    public BuildCommand() {
        this(System.getenv());
    }

    /** @param environment the variables for template taggers and {@code SKAFFOLD_DEFAULT_REPO} */
    public BuildCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    int run() throws Exception {
        if (!dryRun) {
            err().println(
                            "kaskade build: only --dry-run is supported here; run the pipeline with 'kaskade trigger' to build");
            return 2;
        }
        EffectiveConfig effective = config.resolve("build");
        SkaffoldConfig c = effective.config();
        GlobalConfig global = GlobalConfig.read(globalConfig != null ? globalConfig : GlobalConfig.defaultPath());
        String kubeContext = config.kubeContext != null
                ? config.kubeContext
                : c.deploy() != null ? c.deploy().kubeContext() : null;
        String repo = global.defaultRepo(defaultRepo, environment.get("SKAFFOLD_DEFAULT_REPO"), kubeContext);
        Boolean multiLevel = global.forContext(kubeContext).multiLevelRepo();
        List<Tagger> taggers =
                Taggers.forPolicies(c.build() == null ? List.of() : c.build().tagPolicies());
        List<BuildArtifacts.Build> builds = new ArrayList<>();
        for (Artifact a : c.artifacts()) {
            Path workspace = config.directory().resolve(a.contextOrDefault()).normalize();
            String dockerfile = null;
            if (a.builder() instanceof DockerArtifact d) {
                dockerfile = d.dockerfileOrDefault();
            } else if (a.builder() instanceof KanikoArtifact k) {
                dockerfile = k.dockerfile();
            }
            List<String> tags;
            try {
                tags = Taggers.tags(taggers, new TagInput(a.image(), workspace, environment, dockerfile));
            } catch (TagException e) {
                throw new IllegalArgumentException("artifact " + a.image() + ": " + e.getMessage(), e);
            }
            String image = DefaultRepo.apply(repo, multiLevel, a.image());
            builds.add(new BuildArtifacts.Build(
                    a.image(),
                    image + ":" + tags.get(0),
                    tags.stream().map(tag -> image + ":" + tag).toList()));
        }
        String json = new BuildArtifacts(builds).toJson();
        out().println(json);
        if (fileOutput != null) {
            Path parent = fileOutput.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(fileOutput, json + "\n");
        }
        return 0;
    }
}
