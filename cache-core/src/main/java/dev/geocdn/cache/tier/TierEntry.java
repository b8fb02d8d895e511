package dev.geocdn.cache.tier;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.StoredResponse;

/**
 * A stored response as read back from its {@link TierEncoding}, its body still in the bytes read
 * (at {@code bodyOffset}, {@code bodyLength} long) so that the caller copies it where bodies live.
 *
 * @param fillStartedAt the hybrid-logical-clock time the fill that produced it started
 */
public record TierEntry(int status, Headers headers, long requestTimeMillis, long responseTimeMillis,
                        long freshnessLifetimeMillis, long correctedInitialAgeMillis, String secondaryKey,
                        long fillStartedAt, int bodyOffset, int bodyLength) {

    /**
     * The stored response with {@code body}, and {@code directives} worked out by the reading
     * node from the fields (its own rules decide which field's directives apply to it).
     */
    public StoredResponse toStored(Body body, CacheControl directives) {
        return new StoredResponse(status, headers, body, requestTimeMillis, responseTimeMillis, secondaryKey,
                directives, freshnessLifetimeMillis, correctedInitialAgeMillis, fillStartedAt);
    }
}
