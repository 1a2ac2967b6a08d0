package io.kaskade.trigger.source;

import io.kaskade.core.config.ConfigException;
import io.kaskade.core.config.ConfigSource;
import io.kaskade.model.config.GitInfo;
import io.kaskade.service.secrets.UrlCredentials;
import io.kaskade.service.source.GitSource;
import io.kaskade.service.source.SourceException;
import io.kaskade.trigger.api.TriggerException;
import io.kaskade.trigger.config.TriggerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The repositories a config names in {@code requires[].git}, fetched for one resolution within the same
 * limits as the run's own repository ({@code kaskade.trigger.clone.timeout} and {@code max-size-mb}), so a
 * config cannot make the service fetch something huge or slow that a caller could not. Each repository is
 * fetched once per resolution (however many entries name it) and deleted when this closes.
 */
public final class RequiredRepos implements AutoCloseable {

    private final Consumer<String> allow;
    private final TriggerConfig.Clone limits;
    private final Map<String, RemoteFetch> fetched = new HashMap<>();
    private final List<RemoteFetch> open = new ArrayList<>();

    /**
     * @param allow throws {@link ConfigException} for a repository this service may not fetch
     * @param limits the time and size limits of a fetch
     */
    public RequiredRepos(Consumer<String> allow, TriggerConfig.Clone limits) {
        this.allow = allow;
        this.limits = limits;
    }

    /** The files of {@code git.repo} at {@code git.ref} (its default branch when unset). */
    public ConfigSource source(GitInfo git) {
        String repo = git.repo() == null ? "" : git.repo();
        allow.accept(repo);
        String ref = git.ref() == null || git.ref().isBlank() ? "HEAD" : git.ref();
        RemoteFetch copy = fetched.computeIfAbsent(repo, this::fetch);
        String dir = copy.dir().toString();
        String commit;
        try {
            commit = GitSource.resolveCommit(dir, ref);
        } catch (SourceException e) {
            throw new ConfigException("requires.git: ref '" + ref + "' not found in " + UrlCredentials.strip(repo));
        }
        return path -> {
            try {
                return GitSource.readFile(dir, commit, path);
            } catch (SourceException e) {
                throw new ConfigException(UrlCredentials.strip(e.getMessage().replace(dir, repo)), e);
            }
        };
    }

    private RemoteFetch fetch(String repo) {
        try {
            RemoteFetch copy = RemoteFetch.of(repo, false, limits.timeout(), limits.maxSizeMb() << 20);
            open.add(copy);
            return copy;
        } catch (TriggerException e) {
            throw new ConfigException("requires.git: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        open.forEach(RemoteFetch::close);
        open.clear();
        fetched.clear();
    }
}
