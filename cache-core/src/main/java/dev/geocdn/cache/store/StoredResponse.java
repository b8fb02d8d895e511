package dev.geocdn.cache.store;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.PurgeIndex;
import dev.geocdn.cache.purge.SurrogateKeys;

/**
 * A response kept by the cache, with what RFC 9111 needs to judge it later: the times of the
 * request and response that produced it (section 4.2.3), the directives that apply to this
 * cache (Cache-Control, or a targeted field per RFC 9213), the freshness lifetime computed when
 * it was stored, and the request header values it was selected by (Vary, section 4.1).
 *
 * <p>Immutable: a revalidation produces a new instance sharing the body.
 *
 * @param status                   the status code
 * @param headers                  the stored header fields, hop-by-hop fields removed
 * @param body                     the body
 * @param requestTimeMillis        when the request that produced it was sent (epoch ms)
 * @param responseTimeMillis       when its response was received (epoch ms)
 * @param secondaryKey             the normalized values of the request headers named by Vary
 * @param directives               the cache directives that apply to this cache
 * @param freshnessLifetimeMillis  the freshness lifetime (section 4.2.1)
 * @param correctedInitialAgeMillis the age it already had when received (section 4.2.3)
 * @param filledAt                 the HLC time at which the fill (or revalidation) that produced
 *                                 it started: what it holds was current then. Another tier that
 *                                 copies it checks its own purges against this time, not against
 *                                 when it asked; 0 when unknown (as old as can be)
 */
public record StoredResponse(
        int status,
        Headers headers,
        Body body,
        long requestTimeMillis,
        long responseTimeMillis,
        String secondaryKey,
        CacheControl directives,
        long freshnessLifetimeMillis,
        long correctedInitialAgeMillis,
        long filledAt) {

    /** A response whose fill time is not known yet (0): the store records it when it keeps it. */
    public StoredResponse(int status, Headers headers, Body body, long requestTimeMillis, long responseTimeMillis,
                          String secondaryKey, CacheControl directives, long freshnessLifetimeMillis,
                          long correctedInitialAgeMillis) {
        this(status, headers, body, requestTimeMillis, responseTimeMillis, secondaryKey, directives,
                freshnessLifetimeMillis, correctedInitialAgeMillis, 0);
    }

    /**
     * Bookkeeping bytes charged per entry beyond headers and body: the record and the store's
     * node (160), and the entry's key in the purge indexes ({@link PurgeIndex#KEY_ENTRY_BYTES}).
     */
    public static final int OVERHEAD_BYTES = 160 + PurgeIndex.KEY_ENTRY_BYTES;

    /** current_age of RFC 9111 section 4.2.3, in milliseconds. */
    public long currentAgeMillis(long nowMillis) {
        return correctedInitialAgeMillis + Math.max(0, nowMillis - responseTimeMillis);
    }

    /** The value for the Age header field: whole seconds (RFC 9111 section 5.1). */
    public long ageSeconds(long nowMillis) {
        return currentAgeMillis(nowMillis) / 1000;
    }

    /** Freshness lifetime minus current age: positive while fresh, negative once stale. */
    public long remainingMillis(long nowMillis) {
        return freshnessLifetimeMillis - currentAgeMillis(nowMillis);
    }

    /** Whether the response is fresh (RFC 9111 section 4.2). */
    public boolean isFresh(long nowMillis) {
        return remainingMillis(nowMillis) > 0;
    }

    /**
     * The bytes this entry is charged in the store: body, headers, bookkeeping, and its tags'
     * entries in the purge index (none without tags).
     */
    public long weight() {
        return body.allocatedBytes() + headers.byteSize() + secondaryKey.length() + OVERHEAD_BYTES
                + PurgeIndex.tagEntryBytes(surrogateKeys().tags());
    }

    /**
     * The tags a purge can reach this response by, from its {@code Surrogate-Key} and
     * {@code Cache-Tag} fields. Parsed on each call (the fields are short, and it is called when
     * the response is stored or purged, not when it is served).
     */
    public SurrogateKeys surrogateKeys() {
        return SurrogateKeys.of(headers);
    }

    /** A copy with other headers and times, as after a 304 (RFC 9111 section 4.3.4). */
    public StoredResponse withRevalidation(Headers newHeaders, long newRequestTime, long newResponseTime,
                                           CacheControl newDirectives, long newLifetime, long newInitialAge) {
        return new StoredResponse(status, newHeaders, body, newRequestTime, newResponseTime, secondaryKey,
                newDirectives, newLifetime, newInitialAge, filledAt);
    }

    /** A copy with {@code newBody}, for a response whose body was streamed in after its head. */
    public StoredResponse withBody(Body newBody) {
        return new StoredResponse(status, headers, newBody, requestTimeMillis, responseTimeMillis, secondaryKey,
                directives, freshnessLifetimeMillis, correctedInitialAgeMillis, filledAt);
    }

    /** A copy whose lifetime is zero, so it is stale from now on (a soft purge). */
    public StoredResponse markedStale() {
        return new StoredResponse(status, headers, body, requestTimeMillis, responseTimeMillis, secondaryKey,
                directives, 0, correctedInitialAgeMillis, filledAt);
    }

    /** A copy whose fill started at {@code time} (HLC). */
    public StoredResponse withFilledAt(long time) {
        return time == filledAt ? this : new StoredResponse(status, headers, body, requestTimeMillis,
                responseTimeMillis, secondaryKey, directives, freshnessLifetimeMillis, correctedInitialAgeMillis, time);
    }
}
