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
 * @param reason       why; its {@link Reason#token()} is the Cache-Status detail where one is due
 */
public record ReuseDecision(Reuse action, long ageSeconds, long ttlSeconds, Reason reason) {

    /** Why a stored response is or is not reused as it is. */
    public enum Reason {
        /** Fresh (RFC 9111 section 4.2). */
        FRESH,
        /** Stale, within stale-while-revalidate (RFC 5861 section 3). */
        STALE_WHILE_REVALIDATE,
        /** Stale (RFC 9111 section 4.2): validate. */
        STALE,
        /** no-cache on the stored response (RFC 9111 section 5.2.2.4): validate before each reuse. */
        NO_CACHE,
        /** The client's no-cache or Pragma: no-cache, when the node honours them (section 5.2.1.4). */
        REQUEST_NO_CACHE,
        /** Older than the client's max-age, when the node honours it (section 5.2.1.1). */
        REQUEST_MAX_AGE,
        /** The path's consistency is strong: validate on every request. */
        STRONG,
        /** The path's consistency is bounded and the last validation is older than the bound. */
        BOUNDED;

        private final String token = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

        /** The reason as a token: {@code stale-while-revalidate}. */
        public String token() {
            return token;
        }
    }

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
            Reason reason = consistency.mode() == Consistency.Mode.STRONG ? Reason.STRONG : Reason.BOUNDED;
            return new ReuseDecision(Reuse.REVALIDATE, stored.ageSeconds(nowMillis), ttl, reason);
        }
        return decide(requestHeaders, stored, nowMillis, rules);
    }

    /**
     * Whether {@code stored} is served as it is, without the origin, to a request that carries no
     * cache directives of its own: exactly when {@link #decide(Headers, StoredResponse, long,
     * CacheRules, Consistency)} answers {@link Reuse#FRESH} for such a request, without building
     * the decision (the hit path asks this for every hit).
     */
    public static boolean isFreshAsIs(StoredResponse stored, long nowMillis, Consistency consistency) {
        return consistency.allowsReuse(stored, nowMillis) && !stored.directives().has(Directive.NO_CACHE)
                && stored.remainingMillis(nowMillis) > 0;
    }

    /**
     * Whether this is a revalidation the path's consistency asked for (reason {@code strong} or
     * {@code bounded}) where HTTP freshness alone would not have; for the {@code Cache-Status} detail.
     */
    public boolean byConsistency() {
        return action == Reuse.REVALIDATE && (reason == Reason.STRONG || reason == Reason.BOUNDED);
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
            return new ReuseDecision(Reuse.REVALIDATE, age, ttl, Reason.NO_CACHE);
        }
        if (rules.honorRequestNoCache()) {
            CacheControl request = CacheControl.parse(requestHeaders.joined("Cache-Control"));
            OptionalLong maxAge = request.seconds(Directive.MAX_AGE);
            boolean pragmaNoCache = !requestHeaders.contains("Cache-Control")
                    && "no-cache".equalsIgnoreCase(requestHeaders.get("Pragma"));
            if (request.has(Directive.NO_CACHE) || pragmaNoCache) {
                return new ReuseDecision(Reuse.REVALIDATE, age, ttl, Reason.REQUEST_NO_CACHE);
            }
            // Section 5.2.1.1: the client does not accept a response older than max-age.
            if (maxAge.isPresent() && maxAge.getAsLong() != CacheControl.INVALID && age > maxAge.getAsLong()) {
                return new ReuseDecision(Reuse.REVALIDATE, age, ttl, Reason.REQUEST_MAX_AGE);
            }
        }
        if (remaining > 0) {
            return new ReuseDecision(Reuse.FRESH, age, ttl, Reason.FRESH);
        }
        long staleness = -remaining;
        if (StaleRules.mayServeStale(directives, Directive.STALE_WHILE_REVALIDATE, staleness)) {
            return new ReuseDecision(Reuse.STALE_WHILE_REVALIDATE, age, ttl, Reason.STALE_WHILE_REVALIDATE);
        }
        return new ReuseDecision(Reuse.REVALIDATE, age, ttl, Reason.STALE);
    }
}
