package dev.geocdn.cache.conditional;

import dev.geocdn.cache.http.Headers;
import java.util.Set;

/**
 * Chooses the header fields of a 304 (Not Modified) response (RFC 9110 section 15.4.5).
 *
 * <p>A 304 exists to save bytes: the client already holds the representation, so the response
 * carries only what lets the client update its stored copy (RFC 9111 section 4.3.4). Sending
 * Content-Length, Content-Type or Content-Encoding would describe a body the 304 does not have
 * and could corrupt the client's stored metadata, so they are left out.
 */
public final class NotModifiedHeaders {

    // RFC 9110 section 15.4.5: MUST send Content-Location, Date, ETag, Vary, Cache-Control and
    // Expires if a 200 would have; Last-Modified MAY be sent because it guides cache updates.
    private static final Set<String> KEPT = Set.of(
            "cache-control", "content-location", "date", "etag", "expires", "vary", "last-modified");

    private NotModifiedHeaders() {
    }

    /**
     * The fields of {@code representationHeaders} that a 304 carries, in their original order and
     * with every line of a repeated field kept. Hop-by-hop and per-response fields such as Age
     * are the caller's to add.
     */
    public static Headers select(Headers representationHeaders) {
        Headers.Builder builder = new Headers.Builder();
        representationHeaders.forEach((name, value) -> {
            if (isKept(name)) {
                builder.add(name, value);
            }
        });
        return builder.build();
    }

    /** Whether a field named {@code name} belongs in a 304 (case-insensitive). */
    public static boolean isKept(String name) {
        return KEPT.contains(Headers.canonical(name));
    }
}
