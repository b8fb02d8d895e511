package dev.geocdn.node.proxy;

import dev.geocdn.node.shield.TierFields;

import dev.geocdn.protocol.http.CacheStatus;
import io.micrometer.tracing.Span;

/**
 * What happened to one client request, filled in along the way and read once at the end for
 * metrics and the access log. Confined to the request's own signal chain.
 */
final class Exchange {

    /** How the request was answered, as the {@code result} tag of the request metrics. */
    enum Result {
        HIT, STALE, REVALIDATED, COLLAPSED, MISS, PASS, ERROR;

        /** The tag value. */
        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether the body came from the cache rather than from a fetch of this request's own. */
        boolean servedFromCache() {
            return this == HIT || this == STALE || this == REVALIDATED || this == COLLAPSED;
        }
    }

    final ClientRequest request;
    final long startNanos;
    volatile Result result = Result.ERROR;
    volatile CacheStatus cacheStatus;
    volatile int status;
    volatile long bytesOut;
    /** The Content-Length of the full representation, as the access log reports it for HEAD. */
    volatile long representationLength;
    /** The consistency of the request's path, once it is looked up (GET and HEAD). */
    volatile dev.geocdn.cache.freshness.Consistency consistency;
    /** Whether the request came from a child tier's node, which gets every field and the fill time. */
    final boolean fromChildTier;
    /** When what is served was current (HLC), for a child tier; negative when unknown. */
    volatile long filledAt = -1;
    /** The request's SERVER span on this node; {@link Span#NOOP} when tracing is off. */
    Span span = Span.NOOP;
    /** Where the origin's interim responses to this request go (a 103 to the client), or null. */
    volatile EarlyHints.Relay interim;

    /** Lets hints still on their way go out first: called right before the final response's head. */
    void beforeHead() {
        EarlyHints.Relay hints = interim;
        if (hints != null) {
            hints.beforeHead();
        }
    }

    Exchange(ClientRequest request, long startNanos) {
        this.request = request;
        this.startNanos = startNanos;
        this.fromChildTier = request != null && request.headers().contains(TierFields.TIER);
    }
}
