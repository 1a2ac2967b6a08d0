package io.kaskade.cli.config;

import io.kaskade.core.config.ConfigLoader;
import io.kaskade.model.config.SkaffoldConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kaskade fix}: an old config upgraded to the current schema, profiles and all, nothing else changed. */
@Command(
        name = "fix",
        mixinStandardHelpOptions = true,
        description = "Print the Skaffold config upgraded to " + SkaffoldConfig.CURRENT_API_VERSION + ".")
public final class FixCommand extends ConfigVerb {

    @Option(
            names = {"-f", "--filename"},
            defaultValue = "skaffold.yaml",
            description = "Path to the Skaffold config (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--overwrite", description = "Write the upgraded config back to the file instead of printing it.")
    boolean overwrite;

    @Override
    int run() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": file not found");
        }
        List<ConfigLoader.ParsedConfig> docs = ConfigLoader.load(Files.readString(file), file.toString());
        StringBuilder text = new StringBuilder();
        for (ConfigLoader.ParsedConfig doc : docs) {
            if (!text.isEmpty()) {
                text.append("---\n");
            }
            text.append(ConfigLoader.toYaml(doc.config()));
        }
        if (docs.stream().allMatch(d -> SkaffoldConfig.CURRENT_API_VERSION.equals(d.originalApiVersion()))) {
            err().println("config is already version " + SkaffoldConfig.CURRENT_API_VERSION);
        }
        if (overwrite) {
            Files.writeString(file, text.toString());
            err().println("upgraded config written to " + file);
        } else {
            out().print(text);
        }
        return 0;
    }
}
