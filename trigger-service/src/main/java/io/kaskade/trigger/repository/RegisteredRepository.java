package io.kaskade.trigger.repository;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.kaskade.service.secrets.SecretMask;
import io.kaskade.service.secrets.UrlCredentials;
import io.kaskade.trigger.secrets.RunSecrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A repository the operator allows to run: where to clone it from, how webhooks for it are signed,
 * which refs start runs and which profiles they get. Webhooks and run requests name it; they never
 * choose the clone URL.
 *
 * @param name the forge's name for it ({@code full_name} / {@code path_with_namespace}), e.g. {@code acme/app}
 * @param url the clone URL
 * @param secret the webhook secret; null: webhooks for it are refused
 * @param branches regular expression over short branch names that start runs; null: every branch
 * @param tags regular expression over tag names that start runs; null: no tag starts a run
 * @param profiles rules {@code REGEX=PROFILE[,PROFILE]} over the short ref name, first match in this order wins
 * @param variables run variables of every run of it (a request's own variables win)
 * @param pollInterval how often to {@code git ls-remote} it; null: not polled
 * @param secretVariables secret run variables of every run of it, each value sealed under
 *     {@code kaskade.secrets.key} (never in clear here, so never in clear in the registry's topic); answers
 *     show {@code ***} instead
 * @param sealedUrl the clone URL with its credentials, sealed, when the registered URL carried any; {@code url}
 *     then holds it without them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisteredRepository(
        String name,
        String url,
        String secret,
        String branches,
        String tags,
        List<String> profiles,
        Map<String, String> variables,
        Duration pollInterval,
        Map<String, String> secretVariables,
        String sealedUrl) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    public RegisteredRepository {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        secretVariables = secretVariables == null ? Map.of() : Map.copyOf(secretVariables);
        sealedUrl = blankToNull(sealedUrl);
        secret = blankToNull(secret);
        branches = blankToNull(branches);
        tags = blankToNull(tags);
    }

    /** A registration without secret variables. */
    public RegisteredRepository(
            String name,
            String url,
            String secret,
            String branches,
            String tags,
            List<String> profiles,
            Map<String, String> variables,
            Duration pollInterval) {
        this(name, url, secret, branches, tags, profiles, variables, pollInterval, null, null);
    }

    /** The same registration with sealed secret variables, and the URL without credentials plus its sealed form. */
    public RegisteredRepository sealed(Map<String, String> sealedSecrets, String strippedUrl, String sealedUrl) {
        return new RegisteredRepository(
                name, strippedUrl, secret, branches, tags, profiles, variables, pollInterval, sealedSecrets, sealedUrl);
    }

    /**
     * This registration as it may be stored (in the registry's compacted topic): its plain secret variables sealed,
     * and a clone URL with credentials replaced by the URL without them plus the sealed original.
     */
    public RegisteredRepository sealedBy(RunSecrets secrets) {
        return sealed(
                secrets.sealRegisteredVariables(name, secretVariables),
                UrlCredentials.strip(url),
                secrets.sealRegisteredUrl(name, url));
    }

    /** The URL this repository is cloned from: with its credentials, opened from the sealed form. */
    public String cloneUrl(RunSecrets secrets) {
        return secrets.registeredCloneUrl(name, url, sealedUrl);
    }

    /**
     * The problems that make this registration unusable, each naming the field; empty when it is valid.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(
                    "'name' must be a repository name such as acme/app (letters, digits, . _ - and /), got " + name);
        }
        if (url == null || url.isBlank()) {
            problems.add("'url' (the clone URL) is required");
        }
        checkRegex("branches", branches, problems);
        checkRegex("tags", tags, problems);
        for (String rule : profiles) {
            int eq = rule.indexOf('=');
            if (eq <= 0 || eq == rule.length() - 1) {
                problems.add("profile rule '" + rule + "' must be REGEX=PROFILE[,PROFILE]");
            } else {
                checkRegex("profiles", rule.substring(0, eq), problems);
            }
        }
        if (pollInterval != null && pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("'pollInterval' must be at least 1s, got " + pollInterval);
        }
        return problems;
    }

    /** Whether a push to {@code ref} (a full ref such as {@code refs/heads/main}) starts a run. */
    public boolean accepts(String ref) {
        if (ref.startsWith("refs/heads/")) {
            return branches == null || Pattern.matches(branches, ref.substring("refs/heads/".length()));
        }
        if (ref.startsWith("refs/tags/")) {
            return tags != null && Pattern.matches(tags, ref.substring("refs/tags/".length()));
        }
        return false;
    }

    /** The profiles of the first rule whose pattern matches the short name of {@code ref}. */
    public List<String> profilesFor(String ref) {
        String shortName = ref.replaceFirst("^refs/(heads|tags)/", "");
        for (String rule : profiles) {
            int eq = rule.indexOf('=');
            if (eq > 0 && Pattern.matches(rule.substring(0, eq), shortName)) {
                return List.of(rule.substring(eq + 1).split(",")).stream()
                        .map(String::strip)
                        .filter(p -> !p.isEmpty())
                        .toList();
            }
        }
        return List.of();
    }

    public Optional<Duration> poll() {
        return Optional.ofNullable(pollInterval);
    }

    /**
     * The same registration without its secrets, for answers and logs: no webhook secret, {@code ***} for each
     * secret variable, and the clone URL without credentials.
     */
    public RegisteredRepository withoutSecret() {
        Map<String, String> masked = new TreeMap<>();
        secretVariables.keySet().forEach(k -> masked.put(k, SecretMask.MASK));
        return new RegisteredRepository(
                name, UrlCredentials.strip(url), null, branches, tags, profiles, variables, pollInterval, masked, null);
    }

    private static void checkRegex(String field, String regex, List<String> problems) {
        if (regex == null) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add("'" + field + "' is not a regular expression: " + e.getDescription() + " in " + regex);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
