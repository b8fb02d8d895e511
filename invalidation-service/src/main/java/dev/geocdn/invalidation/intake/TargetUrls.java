package dev.geocdn.invalidation.intake;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The URLs a purge or a warming job names: absolute {@code http} or {@code https} URLs with a
 * host, as clients request them through the CDN (RFC 3986 §4.3), without a fragment (RFC 9110
 * §7.1: a fragment never reaches a server) or user info (RFC 9110 §4.2.4). They are normalized
 * as RFC 3986 §6.2.2.1 and §6.2.3 allow for http(s): scheme and host in lower case, the default
 * port dropped, an empty path made {@code /}; path and query are kept as sent (their case and
 * escapes matter). Pure.
 */
public final class TargetUrls {

    private TargetUrls() {
    }

    /**
     * {@code value} normalized, or a 400 naming {@code where} ({@code urls[3]}).
     *
     * @param maxUrlLength the longest URL accepted, in characters
     */
    public static String normalize(String where, String value, int maxUrlLength) {
        if (value == null) {
            throw IntakeException.badRequest(where + " must be a URL, not null");
        }
        if (value.length() > maxUrlLength) {
            throw IntakeException.badRequest(where + " is " + value.length() + " characters long; at most "
                    + maxUrlLength + " are accepted");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw IntakeException.badRequest(where + " is not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + "): '" + value + "'");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme)) || uri.isOpaque()) {
            throw IntakeException.badRequest(where + " must be an absolute http or https URL as clients request it"
                    + " through the CDN, host included (https://cdn.example.com/img/a.png), got '" + value + "'");
        }
        if (uri.getHost() == null) {
            throw IntakeException.badRequest(where + " has no valid host: '" + value + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw IntakeException.badRequest(where + " must not carry user info (user@host): '" + value + "'");
        }
        if (uri.getRawFragment() != null) {
            throw IntakeException.badRequest(where + " must not have a fragment (#...), which never reaches the CDN: '"
                    + value + "'");
        }
        boolean defaultPort = uri.getPort() == -1 || ("http".equals(scheme) && uri.getPort() == 80)
                || ("https".equals(scheme) && uri.getPort() == 443);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + uri.getPort())
                + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
