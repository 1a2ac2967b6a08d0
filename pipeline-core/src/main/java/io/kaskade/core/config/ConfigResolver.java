package io.kaskade.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kaskade.model.config.ConfigDependency;
import io.kaskade.model.config.EffectiveConfig;
import io.kaskade.model.config.GitInfo;
import io.kaskade.model.config.Profile;
import io.kaskade.model.config.ProfileDependency;
import io.kaskade.model.config.SkaffoldConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Turns a {@code skaffold.yaml} into the config a run uses, the way Skaffold does before it builds:
 * parse strictly, upgrade old versions, resolve {@code requires} (dependencies first), activate and
 * apply profiles, fill in defaults, and merge everything into one config.
 *
 * <p>Usage, e.g. in the trigger with files from a commit:
 *
 * <pre>{@code
 * ConfigSource files = path -> gitSource.readFile(repository, commit, path);
 * EffectiveConfig effective = new ConfigResolver().resolve(files, "skaffold.yaml",
 *         new ResolveOptions(List.of("prod", "-local"), runVariables, null, "run"));
 * effective.config().artifacts(); // what to build
 * }</pre>
 *
 * Paths in required configs are rewritten relative to the main file's directory, so every path in the
 * merged config means the same thing. {@link ConfigException} names the file and the problem.
 */
public final class ConfigResolver {

    private final UnaryOperator<String> processEnv;
    private final Function<GitInfo, ConfigSource> git;

    /** Reads the process environment and fetches git requires with JGit into {@code ~/.kaskade/repos}. */
    public ConfigResolver() {
        this(System::getenv, info -> GitRequires.defaultCache().source(info));
    }

    public ConfigResolver(UnaryOperator<String> processEnv, Function<GitInfo, ConfigSource> git) {
        this.processEnv = processEnv;
        this.git = git;
    }

    private record Resolved(SkaffoldConfig config, ObjectNode tree, boolean main) {}

    private final class Run {
        final ResolveOptions options;
        final Profiles.Context context;
        final List<Resolved> resolved = new ArrayList<>();
        final Set<String> visiting = new HashSet<>();
        final Set<String> done = new HashSet<>();
        final Set<String> allProfiles = new HashSet<>();
        final Set<String> applied = new LinkedHashSet<>();
        String mainDir;

        Run(ResolveOptions options) {
            this.options = options;
            String kube =
                    options.kubeContext() != null ? options.kubeContext() : currentKubeContext(options.variables());
            this.context = new Profiles.Context(
                    k -> options.variables().containsKey(k)
                            ? options.variables().get(k)
                            : processEnv.apply(k),
                    kube,
                    options.command());
        }

        String original;

        void file(
                ConfigSource source,
                String label,
                String path,
                List<String> names,
                List<String> profiles,
                boolean main) {
            String text;
            try {
                text = new String(source.read(path), StandardCharsets.UTF_8);
            } catch (ConfigException e) {
                throw new ConfigException(label + path + ": cannot read config: " + e.getMessage(), e);
            }
            List<ConfigLoader.ParsedConfig> docs = ConfigLoader.load(text, label + path);
            if (main) {
                original = docs.get(0).originalApiVersion();
            }
            List<ConfigLoader.ParsedConfig> selected = new ArrayList<>();
            for (ConfigLoader.ParsedConfig d : docs) {
                if (names.isEmpty() || names.contains(d.config().name())) {
                    selected.add(d);
                }
            }
            for (String name : names) {
                if (selected.stream().noneMatch(d -> name.equals(d.config().name()))) {
                    throw new ConfigException(label + path + ": no config named '" + name + "' (requires.configs)");
                }
            }
            for (int i = 0; i < selected.size(); i++) {
                ConfigLoader.ParsedConfig doc = selected.get(i);
                String key = label + path + "#"
                        + (doc.config().name() != null ? doc.config().name() : i);
                if (!visiting.add(key)) {
                    throw new ConfigException(label + path + ": cycle in requires through config '" + key + "'");
                }
                if (done.add(key)) {
                    one(source, label, path, doc, profiles, main);
                }
                visiting.remove(key);
            }
        }

        void one(
                ConfigSource source,
                String label,
                String path,
                ConfigLoader.ParsedConfig doc,
                List<String> profiles,
                boolean main) {
            SkaffoldConfig config = doc.config();
            config.profiles().forEach(p -> allProfiles.add(p.name()));
            List<String> active = Profiles.active(config, profiles, context);
            String dir = dirOf(path);
            for (ConfigDependency dep : config.requires()) {
                required(source, label, path, dep, active);
            }
            ObjectNode tree = doc.tree().deepCopy();
            for (String name : active) {
                Profile profile = config.profiles().stream()
                        .filter(p -> p.name().equals(name))
                        .findFirst()
                        .orElseThrow();
                ObjectNode profileTree = Profiles.profileTrees(doc.tree()).stream()
                        .filter(p -> name.equals(p.path("name").asText()))
                        .findFirst()
                        .orElseThrow();
                tree = Profiles.apply(tree, profile, profileTree);
                applied.add(name);
            }
            tree.remove("profiles");
            ConfigDefaults.apply(tree);
            if (label.isEmpty() && !dir.equals(mainDir)) {
                rebase(tree, relative(mainDir, dir));
            }
            String where = label + path + (active.isEmpty() ? "" : " (profiles " + String.join(", ", active) + ")");
            resolved.add(new Resolved(ConfigLoader.bind(tree, where), tree, main));
        }

        /** Resolves one {@code requires} entry of the config at {@code path}, whose {@code active} profiles are on. */
        private void required(
                ConfigSource source, String label, String path, ConfigDependency dep, List<String> active) {
            List<String> depProfiles = new ArrayList<>(options.profiles());
            for (ProfileDependency pd : dep.activeProfiles()) {
                if (pd.activatedBy().isEmpty() || pd.activatedBy().stream().anyMatch(active::contains)) {
                    depProfiles.add(pd.name());
                }
            }
            if (dep.git() != null) {
                String gitPath = dep.git().path() == null || dep.git().path().isBlank()
                        ? "skaffold.yaml"
                        : dep.git().path();
                file(
                        git.apply(dep.git()),
                        dep.git().repo()
                                + (dep.git().ref() == null
                                        ? ""
                                        : "@" + dep.git().ref()) + ":",
                        configFile(gitPath),
                        dep.configs(),
                        depProfiles,
                        false);
            } else if (dep.path() != null && !dep.path().isBlank()) {
                file(source, label, configFile(join(dirOf(path), dep.path())), dep.configs(), depProfiles, false);
            } else if (!dep.configs().isEmpty()) {
                file(source, label, path, dep.configs(), depProfiles, false);
            } else {
                throw new ConfigException(label + path + ": requires entry needs path, git or configs"
                        + " (googleCloudStorage and googleCloudBuildRepoV2 are not supported by Kaskade)");
            }
        }
    }

    /**
     * Resolves {@code path} (repository-relative) read through {@code source}.
     *
     * @throws ConfigException for an invalid file, a missing required file, an unknown explicit
     *     profile, or a failing profile patch
     */
    public EffectiveConfig resolve(ConfigSource source, String path, ResolveOptions options) {
        try {
            return resolveChecked(source, path, options);
        } catch (java.nio.file.InvalidPathException | java.io.UncheckedIOException e) {
            throw new ConfigException(path + ": " + e.getMessage(), e);
        }
    }

    private EffectiveConfig resolveChecked(ConfigSource source, String path, ResolveOptions options) {
        Run run = new Run(options);
        run.mainDir = dirOf(path);
        run.file(source, "", path, List.of(), options.profiles(), true);
        for (String name : options.profiles()) {
            if (!name.startsWith("-") && !run.allProfiles.contains(name)) {
                throw new ConfigException(path + ": profile '" + name + "' not found in any config; known profiles: "
                        + new java.util.TreeSet<>(run.allProfiles));
            }
        }
        List<SkaffoldConfig> configs =
                run.resolved.stream().map(Resolved::config).toList();
        SkaffoldConfig merged = run.resolved.size() == 1
                ? configs.get(0)
                : ConfigMerger.merge(
                        run.resolved.stream().map(Resolved::tree).toList(),
                        run.resolved.stream()
                                .filter(Resolved::main)
                                .findFirst()
                                .orElse(run.resolved.get(0))
                                .tree(),
                        path);
        return new EffectiveConfig(merged, configs, new ArrayList<>(run.applied), run.original, path);
    }

    /** Makes a required config's relative paths relative to the main file's directory. */
    private static void rebase(ObjectNode tree, String prefix) {
        if (prefix.isEmpty()) {
            return;
        }
        for (ObjectNode a : ConfigTrees.elements(tree.path("build").get("artifacts"))) {
            prefix(a, "context", prefix);
        }
        for (ObjectNode t : ConfigTrees.elements(tree.get("test"))) {
            prefix(t, "context", prefix);
            prefixAll(t, "structureTests", prefix);
        }
        ObjectNode manifests = ConfigTrees.object(tree.get("manifests"));
        if (manifests != null) {
            prefixAll(manifests, "rawYaml", prefix);
            prefixAll(manifests, "kpt", prefix);
            ObjectNode kustomize = ConfigTrees.object(manifests.get("kustomize"));
            if (kustomize != null) {
                prefixAll(kustomize, "paths", prefix);
            }
            for (ObjectNode r : ConfigTrees.elements(manifests.path("helm").get("releases"))) {
                prefix(r, "chartPath", prefix);
                prefixAll(r, "valuesFiles", prefix);
            }
        }
        for (ObjectNode r :
                ConfigTrees.elements(tree.path("deploy").path("helm").get("releases"))) {
            prefix(r, "chartPath", prefix);
            prefixAll(r, "valuesFiles", prefix);
        }
    }

    private static void prefix(ObjectNode node, String field, String prefix) {
        JsonNode v = node.get(field);
        if (v != null
                && v.isTextual()
                && !v.asText().startsWith("/")
                && !v.asText().contains("{{")) {
            node.set(field, TextNode.valueOf(join(prefix, v.asText())));
        }
    }

    private static void prefixAll(ObjectNode node, String field, String prefix) {
        if (node.get(field) instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String v = array.get(i).asText();
                if (!v.startsWith("/")) {
                    array.set(i, TextNode.valueOf(join(prefix, v)));
                }
            }
        }
    }

    static String dirOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String join(String dir, String path) {
        if (dir.isEmpty() || path.startsWith("/")) {
            return normalize(path);
        }
        return normalize(dir + "/" + path);
    }

    private static String normalize(String path) {
        String n = Paths.get(path).normalize().toString().replace('\\', '/');
        return n.isEmpty() ? "." : n;
    }

    private static String relative(String from, String to) {
        Path base = Paths.get(from.isEmpty() ? "." : from).normalize();
        Path target = Paths.get(to.isEmpty() ? "." : to).normalize();
        String r = base.relativize(target).toString().replace('\\', '/');
        return r.equals(".") ? "" : r;
    }

    /** A {@code requires.path} names a file, or a directory holding {@code skaffold.yaml}. */
    private static String configFile(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml") ? path : join(path, "skaffold.yaml");
    }

    /** {@code current-context} of the first kubeconfig file, or empty when there is none. */
    static String currentKubeContext(Map<String, String> variables) {
        String env = variables.getOrDefault("KUBECONFIG", System.getenv("KUBECONFIG"));
        Path file = env != null && !env.isBlank()
                ? Paths.get(env.split(java.io.File.pathSeparator)[0])
                : Paths.get(System.getProperty("user.home"), ".kube", "config");
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (doc instanceof Map<?, ?> map && map.get("current-context") instanceof String s) {
                return s;
            }
            return "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
