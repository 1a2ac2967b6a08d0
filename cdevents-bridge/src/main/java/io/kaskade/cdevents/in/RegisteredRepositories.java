package io.kaskade.cdevents.in;

import io.kaskade.cdevents.CdEventsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The repositories incoming CDEvents may start runs for ({@code kaskade.cdevents.repositories}).
 * A CDEvent names a repository the way its producer knows it: an id such as {@code team/app}, a
 * URL, a web page; the run is always for the registered entry, so an event can never make the
 * trigger clone an address of its choosing.
 */
@ApplicationScoped
public class RegisteredRepositories {

    /** The outcome of matching: the registered entry, or why there is none. */
    public record Match(String repository, String problem) {
        public boolean found() {
            return repository != null;
        }
    }

    private final List<String> entries;

    @Inject
    public RegisteredRepositories(CdEventsConfig config) {
        this(config.repositories().orElse(List.of()));
    }

    RegisteredRepositories(List<String> entries) {
        this.entries =
                entries.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
    }

    /**
     * The entry {@code names} denote, trying them in order (most specific first): the first name that
     * equals exactly one entry, or that exactly one entry ends with as {@code /name}, wins, ignoring a
     * trailing {@code .git} or slash on either side. A name that fits several entries is never guessed.
     */
    public Match match(Collection<String> names) {
        Set<String> ambiguous = new LinkedHashSet<>();
        for (String name : names) {
            if (name == null || name.isBlank()) {
                continue;
            }
            String wanted = normalize(name);
            Set<String> found = new LinkedHashSet<>();
            for (String entry : entries) {
                String have = normalize(entry);
                if (have.equals(wanted) || have.endsWith("/" + wanted)) {
                    found.add(entry);
                }
            }
            if (found.size() == 1) {
                return new Match(found.iterator().next(), null);
            }
            ambiguous.addAll(found);
        }
        String named = String.join(
                ", ", names.stream().filter(n -> n != null && !n.isBlank()).toList());
        if (ambiguous.isEmpty()) {
            return new Match(null, "repository '" + named + "' is not registered (kaskade.cdevents.repositories)");
        }
        return new Match(
                null,
                "repository '" + named + "' matches several registered repositories " + ambiguous
                        + "; name it by its full URL");
    }

    private static String normalize(String name) {
        String n = name.strip().replaceAll("/+$", "");
        return n.endsWith(".git") ? n.substring(0, n.length() - 4) : n;
    }
}
