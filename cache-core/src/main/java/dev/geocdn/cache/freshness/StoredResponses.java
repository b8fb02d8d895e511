package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.cache.vary.VaryKeys;

/** Builds {@link StoredResponse}s with their freshness computed once, when stored. */
public final class StoredResponses {

    private StoredResponses() {
    }

    /**
     * A stored response for {@code request} and its response.
     *
     * @param requestHeaders  the request that selected it (for Vary)
     * @param responseHeaders the response fields, hop-by-hop fields already removed
     */
    public static StoredResponse create(Headers requestHeaders, int status, Headers responseHeaders, Body body,
                                        long requestTimeMillis, long responseTimeMillis, CacheRules rules) {
        CacheControl directives = Directives.effective(responseHeaders, rules);
        String secondaryKey = VaryKeys.secondaryKey(VaryKeys.fieldNames(responseHeaders), requestHeaders);
        long lifetime = Freshness.lifetimeMillis(status, responseHeaders, directives, rules, responseTimeMillis);
        long initialAge = Freshness.correctedInitialAgeMillis(responseHeaders, requestTimeMillis, responseTimeMillis);
        return new StoredResponse(status, responseHeaders, body, requestTimeMillis, responseTimeMillis,
                secondaryKey, directives, lifetime, initialAge);
    }
}
