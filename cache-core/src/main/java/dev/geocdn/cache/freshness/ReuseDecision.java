package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.Directive;
import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.StoredResponse;

import java.util.OptionalLong;

/**
 * How a stored response may be reused for a request, decided from the request, the stored
 * response, the time passed in and the path's {@link Consistency}; like OkHttp's
 * {@code CacheStrategy}, it does no I/O.
 *
 * @param action       what to do
 * @param ageSeconds   the Age to send
 * @param ttlSeconds   remaining freshness for {@code Cache-Status: ttl} (negative when stale)
 * @param reason       a short token explaining the choice
 */
public record ReuseDecision(Reuse action, long ageSeconds, long ttlSeconds, String reason) {

    /**
     * Decides reuse of {@code stored} for a request with {@code requestHeaders} at {@code nowMillis}
     * under {@code consistency}, which may only ask for more validation than HTTP does, never
     * less (see {@link Consistency}):
     * <ul>
     *   <li>strong: always REVALIDATE (reason {@code strong}), even when fresh; never
     *       stale-while-revalidate;</li>
     *   <li>bounded: REVALIDATE (reason {@code bounded}) once the last validation is older than the
     *       bound, even when fresh or within stale-while-revalidate; within it, as eventual;</li>
     *   <li>eventual: the HTTP rules alone.</li>
     * </ul>
     * The Age and ttl reported stay the HTTP ones (RFC 9111 section 4.2.3; RFC 9211 section 2.4).
     */
    public static ReuseDecision decide(Headers requestHeaders, StoredResponse stored, long nowMillis, CacheRules rules,
                                       Consistency consistency) {
        if (!consistency.allowsReuse(stored, nowMillis)) {
            long ttl = Math.floorDiv(stored.remainingMillis(nowMillis), 1000);
            return new ReuseDecision(Reuse.REVALIDATE, stored.ageSeconds(nowMillis), ttl, consistency.mode().token());
        }
        return decide(requestHeaders, stored, nowMillis, rules);
    }

    /**
     * Whether this is a revalidation the path's consistency asked for (reason {@code strong} or
     * {@code bounded}) where HTTP freshness alone would not have; for the {@code Cache-Status} detail.
     */
    public boolean byConsistency() {
        return action == Reuse.REVALIDATE
                && (reason.equals(Consistency.Mode.STRONG.token()) || reason.equals(Consistency.Mode.BOUNDED.token()));
    }

    /**
     * Decides reuse of {@code stored} for a request with {@code requestHeaders} at {@code nowMillis}
     * by the HTTP rules alone, i.e. under {@link Consistency#EVENTUAL}.
     */
    public static ReuseDecision decide(Headers requestHeaders, StoredResponse stored, long nowMillis, CacheRules rules) {
        long age = stored.ageSeconds(nowMillis);
        long remaining = stored.remainingMillis(nowMillis);
        long ttl = Math.floorDiv(remaining, 1000);
        CacheControl directives = stored.directives();
        // Section 5.2.2.4: no-cache (qualified or not) means validate before every reuse.
        if (directives.has(Directive.NO_CACHE)) {
            return new ReuseDecision(Reuse.REVALIDATE, age, ttl, "no-cache");
        }
        if (rules.honorRequestNoCache()) {
            CacheControl request = CacheControl.parse(requestHeaders.joined("Cache-Control"));
            OptionalLong maxAge = request.seconds(Directive.MAX_AGE);
            boolean pragmaNoCache = !requestHeaders.contains("Cache-Control")
                    && "no-cache".equalsIgnoreCase(requestHeaders.get("Pragma"));
            if (request.has(Directive.NO_CACHE) || pragmaNoCache) {
                return new ReuseDecision(Reuse.REVALIDATE, age, ttl, "request-no-cache");
            }
            // Section 5.2.1.1: the client does not accept a response older than max-age.
            if (maxAge.isPresent() && maxAge.getAsLong() != CacheControl.INVALID && age > maxAge.getAsLong()) {
                return new ReuseDecision(Reuse.REVALIDATE, age, ttl, "request-max-age");
            }
        }
        if (remaining > 0) {
            return new ReuseDecision(Reuse.FRESH, age, ttl, "fresh");
        }
        long staleness = -remaining;
        if (StaleRules.mayServeStale(directives, Directive.STALE_WHILE_REVALIDATE, staleness)) {
            return new ReuseDecision(Reuse.STALE_WHILE_REVALIDATE, age, ttl, "stale-while-revalidate");
        }
        return new ReuseDecision(Reuse.REVALIDATE, age, ttl, "stale");
    }
}
