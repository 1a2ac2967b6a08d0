package io.kaskade.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Skaffold's global config file ({@code ~/.skaffold/config}): a {@code global} entry and
 * {@code kubeContexts} entries whose {@code kube-context} is matched (as a regex, last match wins)
 * against the current context. Context values win; unset ones come from {@code global}; insecure
 * registries from both are combined. Fields Kaskade does not use (survey, update checks) are ignored.
 */
public record GlobalConfig(Settings global, List<Settings> kubeContexts) {

    /** One entry of the file. Unset values are {@code null}. */
    public record Settings(
            String kubeContext,
            String defaultRepo,
            Boolean multiLevelRepo,
            Boolean localCluster,
            List<String> insecureRegistries) {
        public Settings {
            insecureRegistries = insecureRegistries == null ? List.of() : List.copyOf(insecureRegistries);
        }

        static final Settings EMPTY = new Settings(null, null, null, null, List.of());
    }

    public GlobalConfig {
        global = global == null ? Settings.EMPTY : global;
        kubeContexts = kubeContexts == null ? List.of() : List.copyOf(kubeContexts);
    }

    /** {@code ~/.skaffold/config}. */
    public static Path defaultPath() {
        return Paths.get(System.getProperty("user.home"), ".skaffold", "config");
    }

    /** Reads {@code file}; a missing file is an empty config. */
    public static GlobalConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new GlobalConfig(null, null);
        }
        try (Reader reader = Files.newBufferedReader(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (doc == null) {
                return new GlobalConfig(null, null);
            }
            if (!(doc instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + ": global config must be a YAML mapping");
            }
            List<Settings> contexts = new ArrayList<>();
            if (map.get("kubeContexts") instanceof List<?> list) {
                for (Object entry : list) {
                    contexts.add(settings(entry, file));
                }
            }
            return new GlobalConfig(map.get("global") == null ? null : settings(map.get("global"), file), contexts);
        } catch (IOException | YAMLException e) {
            throw new IllegalArgumentException(file + ": cannot read global config: " + e.getMessage(), e);
        }
    }

    private static Settings settings(Object entry, Path file) {
        if (!(entry instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(file + ": each global config entry must be a mapping");
        }
        List<String> insecure = new ArrayList<>();
        if (m.get("insecure-registries") instanceof List<?> l) {
            l.forEach(o -> insecure.add(String.valueOf(o)));
        }
        return new Settings(
                string(m.get("kube-context")),
                string(m.get("default-repo")),
                bool(m.get("multi-level-repo")),
                bool(m.get("local-cluster")),
                insecure);
    }

    private static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Boolean bool(Object o) {
        return o instanceof Boolean b ? b : o == null ? null : Boolean.valueOf(String.valueOf(o));
    }

    /** The settings in force for {@code kubeContext} (may be null or empty: global only). */
    public Settings forContext(String kubeContext) {
        if (kubeContext == null || kubeContext.isEmpty()) {
            return global;
        }
        Settings match = null;
        for (Settings s : kubeContexts) {
            if (s.kubeContext() != null && Profiles.regexEqual(s.kubeContext(), kubeContext)) {
                match = s;
            }
        }
        if (match == null) {
            match = Settings.EMPTY;
        }
        List<String> insecure = new ArrayList<>(match.insecureRegistries());
        insecure.addAll(global.insecureRegistries());
        return new Settings(
                kubeContext,
                match.defaultRepo() != null && !match.defaultRepo().isEmpty()
                        ? match.defaultRepo()
                        : global.defaultRepo(),
                match.multiLevelRepo() != null ? match.multiLevelRepo() : global.multiLevelRepo(),
                match.localCluster() != null ? match.localCluster() : global.localCluster(),
                insecure);
    }

    /**
     * The default repo to use: {@code --default-repo} first, then {@code SKAFFOLD_DEFAULT_REPO}, then
     * this file for the kube-context. Empty means none.
     */
    public String defaultRepo(String cliValue, String envValue, String kubeContext) {
        if (cliValue != null) {
            return cliValue;
        }
        if (envValue != null && !envValue.isEmpty()) {
            return envValue;
        }
        String fromFile = forContext(kubeContext).defaultRepo();
        return fromFile == null ? "" : fromFile;
    }
}
