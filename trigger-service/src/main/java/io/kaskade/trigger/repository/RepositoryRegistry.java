package io.kaskade.trigger.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kaskade.service.secrets.UrlCredentials;
import io.kaskade.service.store.CompactedStores;
import io.kaskade.service.store.FollowedTable;
import io.kaskade.trigger.api.TriggerException;
import io.kaskade.trigger.config.TriggerConfig;
import io.kaskade.trigger.secrets.RunSecrets;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The allowlist of repositories: those in the operator's configuration (fixed while the service runs)
 * plus those registered through {@code /api/v1/repositories} ({@code ./kaskade repo add}), which live in
 * a compacted topic so every replica and every restart sees the same list.
 */
@ApplicationScoped
public class RepositoryRegistry {

    private final Map<String, RegisteredRepository> configured = new LinkedHashMap<>();
    private final FollowedTable<RegisteredRepository> registered;

    public RepositoryRegistry(TriggerConfig config, ObjectMapper mapper, RunSecrets secrets, CompactedStores stores) {
        for (TriggerConfig.Repository r : config.repositories()) {
            RegisteredRepository repo = new RegisteredRepository(
                    r.name(),
                    r.url(),
                    r.secret().orElse(null),
                    r.branches().orElse(null),
                    r.tags().orElse(null),
                    r.profiles().orElse(List.of()),
                    r.variables(),
                    r.pollInterval().orElse(null),
                    r.secretVariables(),
                    null);
            List<String> problems = repo.problems();
            if (!problems.isEmpty()) {
                throw new IllegalStateException(
                        "kaskade.trigger.repositories entry " + r.name() + ": " + String.join("; ", problems));
            }
            try {
                repo = repo.sealedBy(secrets);
            } catch (TriggerException e) {
                throw new IllegalStateException(
                        "kaskade.trigger.repositories entry " + r.name() + ": " + e.getMessage());
            }
            configured.put(repo.name(), repo);
        }
        this.registered = stores.follow(
                config.topics().repositories(), RegisteredRepository.class, mapper, Duration.ofSeconds(120));
    }

    /** The repository registered under {@code name}; the configuration wins over the API. */
    public Optional<RegisteredRepository> byName(String name) {
        RegisteredRepository fromConfig = configured.get(name);
        return fromConfig != null ? Optional.of(fromConfig) : registered.get(name);
    }

    /** The repository whose clone URL is exactly {@code url} (compared without credentials, which are stored sealed). */
    public Optional<RegisteredRepository> byUrl(String url) {
        String stripped = UrlCredentials.strip(url);
        return all().stream().filter(r -> r.url().equals(stripped)).findFirst();
    }

    /** Every registered repository, configured ones first, then the API's by name. */
    public List<RegisteredRepository> all() {
        List<RegisteredRepository> out = new ArrayList<>(configured.values());
        Collection<RegisteredRepository> api = registered.all().values();
        api.stream()
                .filter(r -> !configured.containsKey(r.name()))
                .sorted(Comparator.comparing(RegisteredRepository::name))
                .forEach(out::add);
        return out;
    }

    /** Registers or replaces {@code repo}; 400 naming each problem, 409 for a configured name. */
    public void put(RegisteredRepository repo) {
        List<String> problems = repo.problems();
        if (!problems.isEmpty()) {
            throw new TriggerException(400, String.join("; ", problems), null);
        }
        if (configured.containsKey(repo.name())) {
            throw new TriggerException(
                    409,
                    "repository " + repo.name()
                            + " comes from the service's configuration (kaskade.trigger.repositories); change it there",
                    null);
        }
        registered.put(repo.name(), repo);
    }

    /** Removes a repository registered through the API; 404 when there is none, 409 for a configured one. */
    public void remove(String name) {
        if (configured.containsKey(name)) {
            throw new TriggerException(
                    409,
                    "repository " + name
                            + " comes from the service's configuration (kaskade.trigger.repositories); remove it there",
                    null);
        }
        if (registered.get(name).isEmpty()) {
            throw new TriggerException(404, "no repository named " + name + " is registered", null);
        }
        registered.remove(name);
    }

    @PreDestroy
    void close() {
        registered.close();
    }
}
