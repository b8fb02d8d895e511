package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HttpDates;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.StoredResponse;

import java.time.Instant;

/** Shared fixtures: a fixed clock and short ways to build messages. Time never comes from the system clock. */
final class Http {

    /** The fixed "now" of every test: 2025-06-01T00:00:00Z. */
    static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

    static final CacheRules RULES = CacheRules.defaults();

    private Http() {
    }

    /** T0 plus {@code seconds}. */
    static long at(long seconds) {
        return T0 + seconds * 1000;
    }

    /** An IMF-fixdate {@code seconds} after T0 (negative: before). */
    static String date(long seconds) {
        return HttpDates.format(at(seconds));
    }

    static Headers headers(String... namesAndValues) {
        return Headers.of(namesAndValues);
    }

    /** A 200 response with {@code headers}, requested and received at T0. */
    static StoredResponse stored(Headers headers) {
        return stored(200, headers, T0, T0);
    }

    static StoredResponse stored(int status, Headers headers, long requestTime, long responseTime) {
        return StoredResponses.create(Headers.EMPTY, status, headers, Body.of("hello".getBytes()),
                requestTime, responseTime, RULES);
    }

    /** A 200 response carrying {@code cacheControl} and Date T0, received at T0. */
    static StoredResponse storedWith(String cacheControl) {
        return stored(headers("Date", date(0), "Cache-Control", cacheControl));
    }

    static CacheRules honoringRequestNoCache() {
        return new CacheRules(RULES.targetedFields(), RULES.heuristicFraction(), RULES.maxHeuristicLifetime(),
                RULES.storeSetCookie(), true);
    }
}
