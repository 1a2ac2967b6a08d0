package io.kaskade.service.secrets;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repository URLs without their credentials. {@code https://user:token@host/repo.git} is what a
 * private repository's clone URL often looks like; the clone needs it, but every event, container
 * label and answer that names the repository must not carry the token.
 */
public final class UrlCredentials {

    /** scheme://userinfo@ — userinfo ends at the last '@' before the first '/' of the authority. */
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");

    private UrlCredentials() {}

    /**
     * {@code url} without credentials: any user info of an http(s)/git URL (a token is often the user name),
     * and the password of any other scheme (an ssh user name such as {@code git@} is no secret).
     */
    public static String strip(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = USERINFO.matcher(url);
        if (!m.find()) {
            return url;
        }
        String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
        String userInfo = m.group(2);
        boolean web = scheme.startsWith("http") || scheme.startsWith("git://");
        if (web) {
            return m.group(1) + url.substring(m.end());
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? url : m.group(1) + userInfo.substring(0, colon) + "@" + url.substring(m.end());
    }

    /** Whether {@code url} carries credentials that {@link #strip} removes. */
    public static boolean hasCredentials(String url) {
        return url != null && !url.equals(strip(url));
    }
}
