package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HttpDates;
import dev.geocdn.cache.store.StoredResponse;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Validation of a stored response with the origin (RFC 9111 section 4.3): the conditional
 * request to send, and the stored response updated from a 304 (sections 3.2 and 4.3.4).
 */
public final class Revalidation {

    /**
     * Fields a 304 must not overwrite (RFC 9111 section 3.2): Content-Length describes the
     * stored body, not the empty 304; framing and hop-by-hop fields belong to one connection.
     */
    private static final Set<String> NOT_UPDATED = Set.of(
            "content-length", "content-range", "transfer-encoding", "connection", "keep-alive",
            "proxy-connection", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization");

    private Revalidation() {
    }

    /**
     * The validators to send upstream for {@code stored} (section 4.3.1): If-None-Match with its
     * entity tag, and If-Modified-Since with its Last-Modified; empty when it has neither, in
     * which case the request is a plain fetch.
     */
    public static Headers conditionalHeaders(StoredResponse stored) {
        Headers.Builder builder = Headers.EMPTY.newBuilder();
        String etag = stored.headers().get("ETag");
        if (etag != null) {
            builder.add("If-None-Match", etag);
        }
        String lastModified = stored.headers().get("Last-Modified");
        if (lastModified != null) {
            builder.add("If-Modified-Since", lastModified);
        }
        return builder.build();
    }

    /**
     * {@code stored} freshened by a 304 (section 4.3.4), or empty when the 304 names another
     * representation (a different strong entity tag), in which case the caller must fetch the
     * full response.
     */
    public static Optional<StoredResponse> freshen(StoredResponse stored, Headers notModified,
                                                   long requestTimeMillis, long responseTimeMillis, CacheRules rules) {
        String newTag = notModified.get("ETag");
        String storedTag = stored.headers().get("ETag");
        if (newTag != null) {
            boolean weakNew = newTag.startsWith("W/");
            if (storedTag == null || !opaque(newTag).equals(opaque(storedTag))
                    || (!weakNew && storedTag.startsWith("W/"))) {
                return Optional.empty();
            }
        } else {
            String newModified = notModified.get("Last-Modified");
            String storedModified = stored.headers().get("Last-Modified");
            if (newModified != null && storedModified != null && !newModified.equals(storedModified)) {
                return Optional.empty();
            }
        }
        Headers.Builder merged = stored.headers().newBuilder();
        for (int i = 0; i < notModified.size(); i++) {
            String name = notModified.name(i);
            if (!NOT_UPDATED.contains(name.toLowerCase(Locale.ROOT))) {
                merged.removeAll(name);
            }
        }
        for (int i = 0; i < notModified.size(); i++) {
            String name = notModified.name(i);
            if (!NOT_UPDATED.contains(name.toLowerCase(Locale.ROOT))) {
                merged.add(name, notModified.value(i));
            }
        }
        // RFC 9111 section 5.1: Age estimates the time since the response was generated or
        // validated at the origin; after this validation only the 304's own Age applies.
        if (!notModified.contains("Age")) {
            merged.removeAll("Age");
        }
        // RFC 9110 section 6.6.1: a recipient caching a message without Date records the time
        // it was received; otherwise the stored response's old Date would count as apparent age.
        if (!notModified.contains("Date")) {
            merged.set("Date", HttpDates.format(responseTimeMillis));
        }
        Headers headers = merged.build();
        CacheControl directives = Directives.effective(headers, rules);
        long lifetime = Freshness.lifetimeMillis(stored.status(), headers, directives, rules, responseTimeMillis);
        long initialAge = Freshness.correctedInitialAgeMillis(headers, requestTimeMillis, responseTimeMillis);
        return Optional.of(stored.withRevalidation(headers, requestTimeMillis, responseTimeMillis, directives,
                lifetime, initialAge));
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
