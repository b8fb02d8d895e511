package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.Headers;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Invalidation by unsafe methods (RFC 9111 section 4.4): a non-error response to POST, PUT,
 * DELETE, PATCH or any unknown method invalidates the target URI, and the URIs in Location
 * and Content-Location when they share the target's origin (to stop one host invalidating
 * another's content).
 */
public final class UnsafeInvalidation {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private UnsafeInvalidation() {
    }

    /**
     * The absolute URIs whose stored responses must be invalidated, or an empty list.
     *
     * @param method    the request method
     * @param target    the absolute target URI of the request
     * @param status    the response status
     * @param response  the response header fields
     */
    public static List<URI> targets(String method, URI target, int status, Headers response) {
        if (SAFE.contains(method.toUpperCase(Locale.ROOT)) || status < 200 || status >= 400) {
            return List.of();
        }
        List<URI> uris = new ArrayList<>(3);
        uris.add(target);
        for (String field : List.of("Location", "Content-Location")) {
            String value = response.get(field);
            if (value == null) {
                continue;
            }
            try {
                URI resolved = target.resolve(value.strip());
                if (sameOrigin(target, resolved) && !uris.contains(resolved)) {
                    uris.add(resolved);
                }
            } catch (IllegalArgumentException malformed) {
                // an unparsable Location invalidates nothing more
            }
        }
        return uris;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
