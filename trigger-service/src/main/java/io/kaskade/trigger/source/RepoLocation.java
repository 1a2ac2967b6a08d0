package io.kaskade.trigger.source;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What kind of place a repository string names. The trigger decides from this, before touching git,
 * whether a caller may make the service read it: a local path or {@code file:} URL reads the build
 * host's disk, {@code ssh:} would authenticate with the service's own keys, and git's remote helpers
 * ({@code ext::}) run commands.
 */
public enum RepoLocation {
    /** A path or {@code file:} URL on the service's machine. */
    LOCAL,
    /** {@code https://}, {@code http://} or {@code git://}. */
    REMOTE,
    /** {@code ssh://} or the scp-like {@code user@host:path}. */
    SSH,
    /** Anything else: another scheme or a remote helper such as {@code ext::}. */
    OTHER;

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);
    private static final Pattern SCP_LIKE = Pattern.compile("^[\\w.-]+@[\\w.-]+:.*", Pattern.DOTALL);

    public static RepoLocation of(String repo) {
        String r = repo.strip();
        if (r.regionMatches(true, 0, "file:", 0, 5)) {
            return LOCAL;
        }
        var scheme = SCHEME.matcher(r);
        if (scheme.matches()) {
            return switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
                case "https", "http", "git" -> REMOTE;
                case "ssh", "git+ssh", "ssh+git" -> SSH;
                default -> OTHER;
            };
        }
        if (SCP_LIKE.matcher(r).matches()) {
            return SSH;
        }
        if (r.contains("::")) {
            return OTHER;
        }
        return LOCAL;
    }
}
