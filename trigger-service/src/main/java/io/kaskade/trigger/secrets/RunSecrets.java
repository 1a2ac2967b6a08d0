package io.kaskade.trigger.secrets;

import io.kaskade.service.secrets.SecretBox;
import io.kaskade.service.secrets.SecretException;
import io.kaskade.service.secrets.SecretsConfig;
import io.kaskade.service.secrets.UrlCredentials;
import io.kaskade.trigger.api.TriggerException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a run's secrets into what may travel on a topic: each value sealed under {@code kaskade.secrets.key}
 * for that run, and the clone URL's credentials sealed the same way, so that only the build-service (the
 * other holder of the key) can read them. Without a key, a run that has secrets is refused by name rather
 * than started without them or with them in clear.
 *
 * <p>Secrets come from three places, each sealed in its own context: a registered repository's
 * ({@code repository:NAME}, kept sealed in the registry and its compacted topic), a {@code RunRequested}'s
 * ({@value #REQUESTED}, sealed by the requester), and the run API's plain {@code secrets}.
 */
@ApplicationScoped
public class RunSecrets {

    /** The context a {@code RunRequested}'s sealed secrets are sealed in. */
    public static final String REQUESTED = "run-requested";
    /** The name a sealed clone URL is sealed under. */
    public static final String REPOSITORY = "repository";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Shorter values would mask half of every log line and are no secret anyway. */
    static final int MIN_LENGTH = 4;

    private final Optional<SecretBox> box;

    public RunSecrets(SecretsConfig config) {
        this.box = SecretBox.of(config.key());
    }

    /**
     * Refuses, before anything is fetched, a run that would need sealing when this service has no key, or
     * whose requested secrets are malformed; 400 naming the problem (never a value).
     */
    public void precheck(String url, Map<String, String> registered, Map<String, String> requested) {
        check(requested);
        if (!requested.isEmpty() || !registered.isEmpty()) {
            box("the run has secrets " + names(registered, requested));
        }
        if (UrlCredentials.hasCredentials(url)) {
            box("the repository URL " + UrlCredentials.strip(url) + " carries credentials");
        }
    }

    /**
     * The run's secrets sealed for run {@code runId}: the registration's (already sealed), then the
     * request's plain ones, which win; 400 naming the problem (never a value).
     */
    public Map<String, String> sealForRun(
            String runId,
            String repositoryName,
            Map<String, String> registered,
            Map<String, String> requested,
            Map<String, String> variables) {
        Map<String, String> plain = new LinkedHashMap<>();
        if (!registered.isEmpty()) {
            plain.putAll(open("repository:" + repositoryName, registered));
        }
        check(requested);
        plain.putAll(requested);
        TreeSet<String> clash = new TreeSet<>(plain.keySet());
        clash.retainAll(variables.keySet());
        if (!clash.isEmpty()) {
            throw new TriggerException(
                    400,
                    "run variables and secrets share names " + clash + ": a name is either a variable or a secret",
                    null);
        }
        return plain.isEmpty()
                ? Map.of()
                : box("the run has secrets " + names(plain, Map.of())).sealAll(runId, plain);
    }

    /**
     * The clone URL sealed for run {@code runId} when it carries credentials, null otherwise: events then
     * name the repository without them and only the build-service's checkout uses them.
     */
    public String sealRepository(String runId, String url) {
        if (!UrlCredentials.hasCredentials(url)) {
            return null;
        }
        return box("the repository URL " + UrlCredentials.strip(url) + " carries credentials")
                .seal(runId, REPOSITORY, url);
    }

    /**
     * A registered repository's plain secret variables sealed for storage (in the registry's compacted topic).
     * Takes the parts rather than the registration so that this package does not depend on the registry's.
     */
    public Map<String, String> sealRegisteredVariables(String repository, Map<String, String> plain) {
        if (plain.isEmpty()) {
            return Map.of();
        }
        check(plain);
        return box("repository " + repository + " has secret variables").sealAll(registration(repository), plain);
    }

    /** A registered repository's clone URL sealed for storage, or null when it carries no credentials. */
    public String sealRegisteredUrl(String repository, String url) {
        if (!UrlCredentials.hasCredentials(url)) {
            return null;
        }
        return box("the URL of repository " + repository + " carries credentials")
                .seal(registration(repository), "url", url);
    }

    /** The URL a registered repository is cloned from: with its credentials, opened from the sealed form. */
    public String registeredCloneUrl(String repository, String url, String sealedUrl) {
        return sealedUrl == null
                ? url
                : open(registration(repository), Map.of("url", sealedUrl)).get("url");
    }

    private static String registration(String repository) {
        return "repository:" + repository;
    }

    /** A {@code RunRequested}'s sealed secrets opened, to be sealed again for the run it starts. */
    public Map<String, String> openRequested(Map<String, String> sealed) {
        return sealed.isEmpty() ? Map.of() : open(REQUESTED, sealed);
    }

    private Map<String, String> open(String context, Map<String, String> sealed) {
        try {
            return box("secrets " + new TreeSet<>(sealed.keySet()) + " must be opened")
                    .openAll(context, sealed);
        } catch (SecretException e) {
            throw new TriggerException(400, e.getMessage(), null);
        }
    }

    private static TreeSet<String> names(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }

    private static void check(Map<String, String> plain) {
        plain.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new TriggerException(
                        400,
                        "secret name '" + name + "' must be an environment variable name"
                                + " (letters, digits, _; not starting with a digit)",
                        null);
            }
            if (value == null || value.length() < MIN_LENGTH) {
                throw new TriggerException(
                        400,
                        "secret " + name + " must be at least " + MIN_LENGTH
                                + " characters (shorter values cannot be masked in logs)",
                        null);
            }
        });
    }

    private SecretBox box(String why) {
        return box.orElseThrow(() -> new TriggerException(
                400,
                why + ", but this trigger-service has no"
                        + " kaskade.secrets.key (env KASKADE_SECRETS_KEY) to seal them with; ./kaskade up generates one into"
                        + " $KASKADE_HOME/secrets-key, a service elsewhere needs it set (base64 of 32 random bytes)",
                null));
    }
}
