package dev.geocdn.cache.freshness;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;

/**
 * Chooses the cache directives that apply to this cache (RFC 9213 section 2.1): the first
 * configured targeted field that is present, non-empty and valid replaces Cache-Control
 * entirely; an invalid targeted field is ignored as if absent.
 */
public final class Directives {

    private Directives() {
    }

    /** The directives of {@code responseHeaders} that this cache obeys. */
    public static CacheControl effective(Headers responseHeaders, CacheRules rules) {
        for (String field : rules.targetedFields()) {
            String value = responseHeaders.joined(field);
            if (value != null) {
                CacheControl targeted = CacheControl.parseTargeted(value);
                if (targeted.isValid() && !targeted.isEmpty()) {
                    return targeted;
                }
            }
        }
        return CacheControl.parse(responseHeaders.joined("Cache-Control"));
    }

    /** Whether a targeted field, rather than Cache-Control, governs this response. */
    public static boolean isTargeted(Headers responseHeaders, CacheRules rules) {
        for (String field : rules.targetedFields()) {
            String value = responseHeaders.joined(field);
            if (value != null) {
                CacheControl targeted = CacheControl.parseTargeted(value);
                if (targeted.isValid() && !targeted.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }
}
