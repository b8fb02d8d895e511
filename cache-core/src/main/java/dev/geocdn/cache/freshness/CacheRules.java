package dev.geocdn.cache.freshness;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The tunable parts of the RFC 9111 decisions; everything else follows the RFC.
 *
 * @param targetedFields        targeted cache-control fields this cache obeys, most specific
 *                              first (RFC 9213); the first present and valid one replaces
 *                              Cache-Control for this cache
 * @param heuristicFraction     fraction of (Date - Last-Modified) used as heuristic freshness
 *                              (RFC 9111 section 4.2.2 suggests 10%)
 * @param maxHeuristicLifetime  cap on heuristic freshness
 * @param storeSetCookie        whether responses carrying Set-Cookie may be stored and shared;
 *                              off by default, as in nginx, so one user's cookie never reaches another
 * @param honorRequestNoCache   whether a client's {@code no-cache} / {@code max-age=0} forces
 *                              revalidation; off by default so clients cannot bypass the edge
 *                              and load the origin (RFC 9111 section 5.2.1 lets a cache ignore it)
 */
public record CacheRules(
        List<String> targetedFields,
        double heuristicFraction,
        Duration maxHeuristicLifetime,
        boolean storeSetCookie,
        boolean honorRequestNoCache) {

    public CacheRules {
        targetedFields = List.copyOf(Objects.requireNonNull(targetedFields, "targetedFields"));
        if (heuristicFraction < 0 || heuristicFraction > 1) {
            throw new IllegalArgumentException("heuristicFraction must be within [0, 1]: " + heuristicFraction);
        }
        Objects.requireNonNull(maxHeuristicLifetime, "maxHeuristicLifetime");
    }

    /** The defaults: CDN-Cache-Control targeted, 10% heuristic capped at one day, no Set-Cookie. */
    public static CacheRules defaults() {
        return new CacheRules(List.of("CDN-Cache-Control"), 0.1, Duration.ofDays(1), false, false);
    }
}
