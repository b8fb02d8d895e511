package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.Directive;
import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.vary.VaryKeys;

/**
 * Whether a response may be stored by this shared cache (RFC 9111 section 3), as a pure
 * function returning the reason.
 *
 * <p>Beyond the RFC's musts, two choices users of shared caches expect: a response that sets a
 * cookie is not stored unless configured (see {@link CacheRules#storeSetCookie()}), and a
 * response that would be stale at once and has no validator is not stored, since it could
 * never be reused.
 */
public final class Storability {

    private Storability() {
    }

    /**
     * @param method          the request method
     * @param request         the request header fields
     * @param status          the response status code
     * @param response        the response header fields
     * @param directives      the directives that apply to this cache ({@link Directives#effective})
     * @param rules           the configured rules
     * @param responseTimeMillis when the response arrived
     */
    public static StoreVerdict evaluate(String method, Headers request, int status, Headers response,
                                        CacheControl directives, CacheRules rules, long responseTimeMillis) {
        // Section 3: the request method is understood and defined as cacheable.
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return StoreVerdict.dontStore(StoreVerdict.Reason.METHOD);
        }
        // Section 3: a final status code; partial content is never stored here.
        if (status < 200 || status == 206 || status == 304) {
            return StoreVerdict.dontStore(StoreVerdict.Reason.STATUS);
        }
        // Section 3 and 5.2.1.5: no-store in the request or the response.
        if (directives.has(Directive.NO_STORE) || CacheControl.parse(request.joined("Cache-Control")).has(Directive.NO_STORE)) {
            return StoreVerdict.dontStore(StoreVerdict.Reason.NO_STORE);
        }
        // Section 3 and 5.2.2.7: a shared cache does not store private responses.
        if (directives.has(Directive.PRIVATE)) {
            return StoreVerdict.dontStore(StoreVerdict.Reason.PRIVATE);
        }
        // Section 3.5: a request with Authorization only if the response explicitly allows it.
        if (request.contains("Authorization")
                && !(directives.has(Directive.PUBLIC) || directives.has(Directive.MUST_REVALIDATE) || directives.has(Directive.S_MAXAGE))) {
            return StoreVerdict.dontStore(StoreVerdict.Reason.AUTHORIZATION);
        }
        // Section 4.1: "Vary: *" always fails to match, so storing it is pointless.
        if (VaryKeys.isVaryStar(response)) {
            return StoreVerdict.dontStore(StoreVerdict.Reason.VARY_STAR);
        }
        if (response.contains("Set-Cookie") && !rules.storeSetCookie()) {
            return StoreVerdict.dontStore(StoreVerdict.Reason.SET_COOKIE);
        }
        // Section 3: explicit freshness, public, or a heuristically cacheable status.
        boolean explicit = Freshness.hasExplicitFreshness(response, directives);
        if (!explicit && !directives.has(Directive.PUBLIC) && !Freshness.HEURISTICALLY_CACHEABLE.contains(status)) {
            return StoreVerdict.dontStore(StoreVerdict.Reason.STATUS_NOT_CACHEABLE);
        }
        long lifetime = Freshness.lifetimeMillis(status, response, directives, rules, responseTimeMillis);
        boolean hasValidator = response.contains("ETag") || response.contains("Last-Modified");
        if (lifetime <= 0 && !hasValidator && !directives.has(Directive.STALE_WHILE_REVALIDATE)
                && !directives.has(Directive.STALE_IF_ERROR)) {
            return StoreVerdict.dontStore(StoreVerdict.Reason.NO_FRESHNESS_NO_VALIDATOR);
        }
        return StoreVerdict.store(explicit ? StoreVerdict.Reason.EXPLICIT : StoreVerdict.Reason.HEURISTIC);
    }
}
