package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.StreamingBody;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.Consistency;
import dev.geocdn.cache.freshness.ConsistencyRules;
import dev.geocdn.cache.freshness.Directives;
import dev.geocdn.cache.freshness.Reuse;
import dev.geocdn.cache.freshness.ReuseDecision;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.cache.store.StoreOutcome;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.cache.tier.TierEntry;
import dev.geocdn.cache.vary.VaryKeys;
import dev.geocdn.node.tier.ResponseTier;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.tracing.HttpSpans;
import io.micrometer.tracing.Span;
import io.netty.handler.codec.http.HttpResponse;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A fill's first stop when the node has a persistence tier: the copy the tier keeps is taken
 * into memory, under the same purge check as a fill ({@code ResponseCache.storeCopy}: refused
 * when a purge this node remembers came after the copy's fill, or during the read), and served
 * when the request may reuse it as it is ({@link ReuseDecision}: fresh, and the path's consistency
 * and the request's directives agree); a stale copy is revalidated with the origin
 * (conditional request, RFC 9111 section 4.3), and a missing, refused or unreadable one costs an
 * ordinary fill. Runs inside the fill, so requests collapsed on it share the one read.
 */
final class TierReads {

    /** The fill that follows when the tier has no copy to serve: from the origin, conditional on a stale copy. */
    interface OriginFill {
        void start(ClientRequest request, StoredResponse stale, CompletableFuture<FillOutcome> outcome,
                   boolean mayShare, Consumer<HttpResponse> interim);
    }

    private final ResponseCache cache;
    private final ResponseTier tier;
    private final CacheRules rules;
    private final ConsistencyRules consistency;
    private final Clock clock;
    private final HybridLogicalClock hlc;
    private final FillBodies bodies;
    private final OriginFill origin;
    private final HopTracing tracing;

    /**
     * @param bodies  where a copy's body goes: off the heap when the allocator has room
     * @param tracing makes a CLIENT span of each read, under the request's span
     */
    TierReads(ResponseCache cache, ResponseTier tier, CacheRules rules, ConsistencyRules consistency, Clock clock,
              HybridLogicalClock hlc, FillBodies bodies, OriginFill origin, HopTracing tracing) {
        this.tracing = tracing;
        this.cache = cache;
        this.tier = tier;
        this.rules = rules;
        this.consistency = consistency;
        this.clock = clock;
        this.hlc = hlc;
        this.bodies = bodies;
        this.origin = origin;
    }

    void read(ClientRequest request, CompletableFuture<FillOutcome> outcome, Consumer<HttpResponse> interim) {
        // registered for the read's duration: a purge applied meanwhile keeps its tombstone for it
        InFlightFills.Fill read = cache.beginFill(hlc.now());
        Span span = span(request);
        tier.read(request.cacheKey(), request.headers())
                .doOnSuccess(copy -> span.tag(FOUND, copy != null))
                .doOnError(span::error)
                .map(copy -> Optional.ofNullable(admit(request, copy, read.startedAt(), outcome)))
                .defaultIfEmpty(Optional.empty())
                .onErrorReturn(Optional.empty())
                .subscribe(stale -> {
                    span.end();
                    read.close();
                    if (!outcome.isDone()) {
                        origin.start(request, stale.orElse(null), outcome, true, interim);
                    }
                });
    }

    /** Whether the tier held a copy, on the read's span. */
    private static final String FOUND = "geocdn.tier.found";

    /** The read's CLIENT span (Redis semantic conventions), under the request's span. */
    private Span span(ClientRequest request) {
        Span span = tracing.clientOf(request.headers(), Headers::get, "GET");
        if (!span.isNoop()) {
            span.tag(HttpSpans.DB_SYSTEM_NAME, "redis");
            span.tag(HttpSpans.DB_OPERATION_NAME, "GET");
        }
        return span;
    }

    /**
     * Takes {@code copy} into memory and completes {@code outcome} with it when it may be served
     * as it is; otherwise returns it as the stale copy to revalidate, or null.
     */
    private StoredResponse admit(ClientRequest request, ResponseTier.Copy copy, long readStartedAt,
                                 CompletableFuture<FillOutcome> outcome) {
        StoredResponse stored = take(request.cacheKey(), copy, readStartedAt);
        if (stored == null) {
            return null;
        }
        String selected = VaryKeys.secondaryKey(VaryKeys.fieldNames(stored.headers()), request.headers());
        if (!selected.equals(stored.secondaryKey())) {
            return null; // another variant: this request's own is fetched
        }
        long now = clock.millis();
        Consistency path = consistency.forRequest(request.host(), request.pathAndQuery());
        if (ReuseDecision.decide(request.headers(), stored, now, rules, path).action() == Reuse.FRESH) {
            outcome.complete(new FillOutcome.FromTier(stored));
            return null;
        }
        return stored;
    }

    /**
     * Loads the tier's copy of {@code cacheKey} into memory, without a client: the hot set's
     * pre-load at start. Completes with whether memory took it.
     */
    Mono<Boolean> preload(String cacheKey) {
        return Mono.defer(() -> {
            InFlightFills.Fill read = cache.beginFill(hlc.now());
            return tier.read(cacheKey, Headers.EMPTY) // the variant of a request without fields
                    .map(copy -> take(cacheKey, copy, read.startedAt()) != null)
                    .defaultIfEmpty(false)
                    .onErrorReturn(false)
                    .doFinally(signal -> read.close());
        });
    }

    /**
     * {@code copy} taken into memory under {@code key}, or null when memory refused it (a purge
     * since its fill, which also takes it out of the tier, or no room).
     */
    private StoredResponse take(String key, ResponseTier.Copy copy, long readStartedAt) {
        TierEntry entry = copy.entry();
        StreamingBody streaming = bodies.newBody(entry.bodyLength());
        if (entry.bodyLength() > 0) {
            streaming.append(ByteBuffer.wrap(copy.bytes(), entry.bodyOffset(), entry.bodyLength()));
        }
        streaming.complete();
        Body body = streaming.toBody();
        try {
            StoredResponse stored = entry.toStored(body, Directives.effective(entry.headers(), rules));
            StoreOutcome admitted = cache.storeCopy(key, stored, entry.fillStartedAt(), readStartedAt);
            if (admitted == StoreOutcome.PURGED) {
                tier.remove(key).subscribe(); // a purge since its fill: out of the tier as well
                return null;
            }
            return admitted == StoreOutcome.STORED ? stored : null;
        } finally {
            body.release(); // the store holds its own reference when it took the copy
        }
    }
}
