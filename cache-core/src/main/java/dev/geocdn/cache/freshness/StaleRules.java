package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.Directive;
import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.StoredResponse;

import java.util.OptionalLong;

/**
 * When a stale response may be served (RFC 9111 section 4.2.4 and RFC 5861).
 *
 * <p>must-revalidate, proxy-revalidate and no-cache forbid stale use outright (RFC 9111
 * sections 5.2.2.2, 5.2.2.8, 5.2.2.4). s-maxage implies proxy-revalidate (section 5.2.2.10),
 * but an origin that sends s-maxage together with stale-while-revalidate or stale-if-error has
 * said in the same field that it wants stale serving, so here the explicit RFC 5861 directive
 * wins, as it does at the major CDNs.
 */
public final class StaleRules {

    private StaleRules() {
    }

    /**
     * Whether the response's {@code staleDirective} (stale-while-revalidate or stale-if-error)
     * allows serving it {@code stalenessMillis} past its freshness.
     */
    public static boolean mayServeStale(CacheControl directives, Directive staleDirective, long stalenessMillis) {
        if (forbidsStale(directives)) {
            return false;
        }
        OptionalLong window = directives.seconds(staleDirective);
        return window.isPresent() && window.getAsLong() != CacheControl.INVALID
                && stalenessMillis <= window.getAsLong() * 1000;
    }

    /**
     * Whether {@code stored} may be served in place of an origin error under {@code consistency}:
     * never for strong (its answer is one the origin confirmed, or an error); for bounded only
     * while the last validation is within the bound, and then as for eventual; for eventual
     * {@link #mayServeStaleOnError(StoredResponse, Headers, long)}.
     */
    public static boolean mayServeStaleOnError(StoredResponse stored, Headers requestHeaders, long nowMillis,
                                               Consistency consistency) {
        return consistency.allowsReuse(stored, nowMillis) && mayServeStaleOnError(stored, requestHeaders, nowMillis);
    }

    /**
     * Whether {@code stored} may be served in place of an origin error (RFC 5861 section 4):
     * the response's or the request's stale-if-error window covers its staleness.
     */
    public static boolean mayServeStaleOnError(StoredResponse stored, Headers requestHeaders, long nowMillis) {
        long staleness = Math.max(0, -stored.remainingMillis(nowMillis));
        if (forbidsStale(stored.directives())) {
            return false;
        }
        if (mayServeStale(stored.directives(), Directive.STALE_IF_ERROR, staleness)) {
            return true;
        }
        // s-maxage implies proxy-revalidate: only the origin itself may relax it, not a client.
        if (stored.directives().has(Directive.S_MAXAGE)) {
            return false;
        }
        CacheControl request = CacheControl.parse(requestHeaders.joined("Cache-Control"));
        return mayServeStale(request, Directive.STALE_IF_ERROR, staleness);
    }

    private static boolean forbidsStale(CacheControl directives) {
        return directives.has(Directive.MUST_REVALIDATE) || directives.has(Directive.PROXY_REVALIDATE) || directives.has(Directive.NO_CACHE);
    }
}
