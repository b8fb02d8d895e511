package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.Directive;
import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HttpDates;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Freshness lifetime and age (RFC 9111 sections 4.2.1 to 4.2.3) as pure functions of the
 * response, the directives that apply to this cache and the times passed in.
 */
public final class Freshness {

    /**
     * Status codes that are heuristically cacheable (RFC 9110 section 15.1); 206 is left out
     * because this cache never stores partial content.
     */
    public static final Set<Integer> HEURISTICALLY_CACHEABLE =
            Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);

    private Freshness() {
    }

    /**
     * The freshness lifetime in milliseconds (RFC 9111 section 4.2.1), in this order: s-maxage
     * (a shared cache), max-age, Expires minus Date, then a heuristic (section 4.2.2). An
     * invalid max-age or s-maxage, or an invalid Expires, gives 0: stale at once (sections 4.2.1
     * and 5.3).
     */
    public static long lifetimeMillis(int status, Headers response, CacheControl directives,
                                      CacheRules rules, long responseTimeMillis) {
        OptionalLong sMaxAge = directives.seconds(Directive.S_MAXAGE);
        if (sMaxAge.isPresent()) {
            return toMillis(sMaxAge.getAsLong());
        }
        OptionalLong maxAge = directives.seconds(Directive.MAX_AGE);
        if (maxAge.isPresent()) {
            return toMillis(maxAge.getAsLong());
        }
        Instant responseTime = Instant.ofEpochMilli(responseTimeMillis);
        String expires = response.get("Expires");
        if (expires != null) {
            Optional<Instant> expiresAt = HttpDates.parse(expires, responseTime);
            if (expiresAt.isEmpty()) {
                return 0; // section 5.3: an invalid Expires, e.g. "0", means already expired
            }
            long date = dateMillis(response, responseTimeMillis);
            return Math.max(0, expiresAt.get().toEpochMilli() - date);
        }
        boolean heuristicAllowed = HEURISTICALLY_CACHEABLE.contains(status) || directives.has(Directive.PUBLIC);
        String lastModified = response.get("Last-Modified");
        if (heuristicAllowed && lastModified != null) {
            Optional<Instant> modified = HttpDates.parse(lastModified, responseTime);
            if (modified.isPresent()) {
                long interval = dateMillis(response, responseTimeMillis) - modified.get().toEpochMilli();
                long heuristic = (long) (Math.max(0, interval) * rules.heuristicFraction());
                return Math.min(heuristic, rules.maxHeuristicLifetime().toMillis());
            }
        }
        return 0;
    }

    /** Whether the response carries explicit freshness information (section 4.2.1). */
    public static boolean hasExplicitFreshness(Headers response, CacheControl directives) {
        return directives.has(Directive.S_MAXAGE) || directives.has(Directive.MAX_AGE) || response.contains("Expires");
    }

    /**
     * corrected_initial_age of RFC 9111 section 4.2.3: the larger of the apparent age (from
     * Date) and the Age received plus the response delay.
     */
    public static long correctedInitialAgeMillis(Headers response, long requestTimeMillis, long responseTimeMillis) {
        long date = dateMillis(response, responseTimeMillis);
        long apparentAge = Math.max(0, responseTimeMillis - date);
        long responseDelay = Math.max(0, responseTimeMillis - requestTimeMillis);
        long correctedAgeValue = ageHeaderMillis(response) + responseDelay;
        return Math.max(apparentAge, correctedAgeValue);
    }

    /**
     * The Age header in milliseconds (RFC 9111 section 5.1): the first value if it is valid
     * delta-seconds, capped at 2^31 seconds (section 1.2.2); 0 when absent or invalid.
     */
    public static long ageHeaderMillis(Headers response) {
        String age = response.get("Age");
        if (age == null) {
            return 0;
        }
        String first = age.split(",", 2)[0].strip();
        long seconds = CacheControl.parseDeltaSeconds(first);
        return seconds == CacheControl.INVALID ? 0 : toMillis(seconds);
    }

    /** date_value: the Date header, or the response time when absent or invalid (RFC 9110 section 6.6.1). */
    public static long dateMillis(Headers response, long responseTimeMillis) {
        return HttpDates.parse(response.get("Date"), Instant.ofEpochMilli(responseTimeMillis))
                .map(Instant::toEpochMilli)
                .orElse(responseTimeMillis);
    }

    private static long toMillis(long seconds) {
        return seconds == CacheControl.INVALID ? 0 : seconds * 1000;
    }
}
