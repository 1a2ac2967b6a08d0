package io.kaskade.service.secrets;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repository URLs without their credentials. {@code https://user:token@host/repo.git} is what a
 * private repository's clone URL often looks like; the clone needs it, but every event, container
 * label and answer that names the repository must not carry the token.
 */
public final class UrlCredentials {

    /** scheme://userinfo@ — userinfo ends at the last '@' before the authority ends ('/', '?', '#' or a space). */
    private static final Pattern USERINFO = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)([^/?#\\s]*)@");

    private UrlCredentials() {}

    /**
     * {@code url} without credentials: any user info of an http(s)/git URL (a token is often the user name),
     * and the password of any other scheme (an ssh user name such as {@code git@} is no secret). Works on
     * any text too, such as an error message quoting a URL: every URL in it loses its credentials.
     */
    public static String strip(String url) {
        if (url == null || !url.contains("@")) {
            return url;
        }
        Matcher m = USERINFO.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            String userInfo = m.group(2);
            boolean web = scheme.startsWith("http") || scheme.equals("git://");
            int colon = userInfo.indexOf(':');
            String kept = web ? "" : colon < 0 ? userInfo + "@" : userInfo.substring(0, colon) + "@";
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + kept));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether {@code url} carries credentials that {@link #strip} removes. */
    public static boolean hasCredentials(String url) {
        return url != null && !url.equals(strip(url));
    }
}
