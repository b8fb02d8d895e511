package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.StreamingBody;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.ConsistencyRules;
import dev.geocdn.cache.freshness.Directives;
import dev.geocdn.cache.freshness.Revalidation;
import dev.geocdn.cache.freshness.StaleRules;
import dev.geocdn.cache.freshness.StoreVerdict;
import dev.geocdn.cache.freshness.Storability;
import dev.geocdn.cache.freshness.StoredResponses;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HopByHop;
import dev.geocdn.cache.memory.SlabAllocator;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.cache.store.StoreOutcome;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.node.shield.TierFields;
import dev.geocdn.node.tier.ResponseTier;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * Fills the cache from the origin: one GET (conditional when a stale copy exists), whose
 * outcome is known as soon as the response head arrives, while the body keeps streaming into
 * the cache.
 *
 * <p>A fill runs detached from any client: a leader whose client goes away does not abort the
 * fill that collapsed waiters are following. Storability is decided by the RFC 9111 functions
 * of cache-core; this class only moves bytes and records the outcome.
 */
public final class Filler {

    private final Upstream upstream;
    private final ResponseCache cache;
    private final CacheRules rules;
    /** Which paths may fall back to a stale copy on an origin error at all (never strong ones). */
    private final ConsistencyRules consistency;
    private final Clock clock;
    private final String nodeId;
    /**
     * The node's hybrid logical clock: a fill is stamped when it starts, so that a purge applied
     * while it was in flight (at a later time on this clock) keeps what it fetched out of the cache.
     */
    private final HybridLogicalClock hlc;
    /** Where bodies are filled: off the heap when their length is known. */
    private final FillBodies bodies;
    /** Storable fills whose head is in and whose body is still arriving, by cache key. */
    private final ConcurrentMap<String, FillOutcome.Streaming> bodiesInFlight = new ConcurrentHashMap<>();

    /** Where stored responses are kept beyond memory, read before the origin on a miss. */
    private final ResponseTier tier;
    private final TierReads tierReads;
    private final RequestHooks prefetch;

    /**
     * @param upstream  where fills go: a parent tier, the origin
     * @param allocator off-heap memory for bodies, or null to keep bodies on the heap
     * @param tier      the persistence tier, or {@link ResponseTier#NONE}
     * @param prefetch  told of every response stored from the origin
     * @param tracing   spans of the persistence tier's reads
     */
    public Filler(Upstream upstream, ResponseCache cache, CacheRules rules, ConsistencyRules consistency, Clock clock,
                  String nodeId, SlabAllocator allocator, HybridLogicalClock hlc,
                  ResponseTier tier, RequestHooks prefetch, HopTracing tracing) {
        this.hlc = hlc;
        this.prefetch = prefetch;
        this.tier = tier;
        this.consistency = consistency;
        this.bodies = new FillBodies(allocator);
        this.tierReads = new TierReads(cache, tier, rules, consistency, clock, hlc, bodies, this::fromOrigin, tracing);
        this.upstream = upstream;
        this.cache = cache;
        this.rules = rules;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** A filler of parts (byte ranges) with this filler's origin, cache, memory and clocks. */
    RangeFiller parts() {
        return new RangeFiller(upstream, cache, rules, clock, nodeId, bodies, hlc);
    }

    /**
     * The storable fill of {@code cacheKey} whose body is still arriving, or null: a request that
     * comes after the fill's head (so too late to wait on it as a collapsed waiter) and before its
     * body is stored follows it rather than fetching the object again.
     */
    FillOutcome.Streaming inProgress(String cacheKey) {
        FillOutcome.Streaming fill = bodiesInFlight.get(cacheKey);
        return fill == null || fill.body().error() != null ? null : fill;
    }

    /**
     * Starts a fill for {@code request} and completes {@code outcome} when its response head is
     * in (or when it failed).
     *
     * @param stale     the stored response to validate, or null
     * @param mayShare  whether the response may be shared and stored at all
     * @param interim   told of the origin's interim responses (never stored), or null
     */
    void start(ClientRequest request, StoredResponse stale, CompletableFuture<FillOutcome> outcome, boolean mayShare,
               Consumer<HttpResponse> interim) {
        if (stale == null && mayShare && tier.enabled()) {
            tierReads.read(request, outcome, interim);
            return;
        }
        fromOrigin(request, stale, outcome, mayShare, interim);
    }

    /** Loads the tier's copy of {@code cacheKey} into memory; whether memory took it (false without a tier). */
    Mono<Boolean> preloadFromTier(String cacheKey) {
        return tier.enabled() ? tierReads.preload(cacheKey) : Mono.just(false);
    }

    /** A fill from upstream (a parent tier or the origin): conditional on {@code stale} when there is one. */
    void fromOrigin(ClientRequest request, StoredResponse stale, CompletableFuture<FillOutcome> outcome,
                    boolean mayShare, Consumer<HttpResponse> interim) {
        Headers fields = UpstreamHeaders.forFill(request, stale, nodeId);
        long requestTime = clock.millis();
        // stamped before the request leaves: what it brings back predates any purge applied later
        InFlightFills.Fill started = cache.beginFill(hlc.now());
        upstream.get(request, fields, interim,
                        (response, body, source) -> onResponse(request, stale, outcome, mayShare, requestTime, started,
                                response, body, source))
                .doFinally(signal -> started.close())
                .subscribe(ignored -> { }, error -> onError(request, stale, outcome, error));
    }

    private Mono<Void> onResponse(ClientRequest request, StoredResponse stale, CompletableFuture<FillOutcome> outcome,
                                  boolean mayShare, long requestTime, InFlightFills.Fill started,
                                  HttpClientResponse response, ByteBufFlux body, Upstream.Source source) {
        long responseTime = clock.millis();
        long filledAt = source.filledAt(started.startedAt());
        int status = response.status().code();
        long contentLength = contentLength(response.responseHeaders());
        Headers headers = storedHeaders(response.responseHeaders());
        if (stale != null && status == 304) {
            Optional<StoredResponse> freshened = Revalidation.freshen(stale, headers, requestTime, responseTime, rules);
            if (freshened.isPresent()) {
                StoredResponse fresh = freshened.get().withFilledAt(filledAt);
                if (store(request.cacheKey(), fresh, filledAt, started, source) == StoreOutcome.STORED) {
                    tier.write(request.cacheKey(), fresh, filledAt);
                    prefetch.stored(request.cacheKey(), fresh, !source.fromParent());
                }
                outcome.complete(new FillOutcome.Ready(fresh, 304, null));
                return body.then();
            }
            // a 304 that names another representation: fetch the current one whole
            return body.then(Mono.fromRunnable(() -> fromOrigin(request, null, outcome, mayShare, null)));
        }
        if (stale != null && status >= 500 && StaleRules.mayServeStaleOnError(stale, request.headers(), responseTime,
                consistency.forRequest(request.host(), request.pathAndQuery()))) {
            outcome.complete(new FillOutcome.Ready(stale, status, "stale-if-error"));
            return body.then();
        }
        StoreVerdict verdict = Storability.evaluate("GET", request.headers(), status, headers,
                Directives.effective(headers, rules), rules, responseTime);
        boolean fits = contentLength < 0 || cache.admitsLength(contentLength);
        if (mayShare && verdict.storable() && fits) {
            StoredResponse head = StoredResponses.create(request.headers(), status, headers, Body.EMPTY,
                    requestTime, responseTime, rules).withFilledAt(filledAt);
            StreamingBody streaming = bodies.newBody(contentLength);
            FillOutcome.Streaming fill = new FillOutcome.Streaming(head, streaming, status);
            String key = request.cacheKey();
            bodiesInFlight.put(key, fill);
            outcome.complete(fill);
            return body
                    .doOnNext(buf -> {
                        source.received(buf.readableBytes());
                        FillBodies.append(streaming, buf);
                    })
                    .doOnComplete(() -> streaming.complete(() -> {
                        // stored before readers see the end: the next request finds it stored
                        Body complete = streaming.toBody();
                        if (cache.admitsLength(streaming.written())) {
                            StoredResponse whole = head.withBody(complete);
                            if (store(key, whole, filledAt, started, source) == StoreOutcome.STORED) {
                                tier.write(key, whole, filledAt); // encoded now, sent in the background
                                prefetch.stored(key, whole, !source.fromParent());
                            }
                        }
                        complete.release(); // the store holds its own reference
                    }))
                    .doOnError(streaming::fail)
                    .doOnCancel(() -> streaming.fail(new CancellationException("fill cancelled")))
                    .doFinally(signal -> bodiesInFlight.remove(key, fill))
                    .then();
        }
        Sinks.Empty<Void> released = Sinks.empty();
        FillOutcome.NotStored reason = !verdict.storable() ? new FillOutcome.NotStored.Refused(verdict.reason())
                : !fits ? new FillOutcome.NotStored.TooLarge() : new FillOutcome.NotStored.NotShared();
        outcome.complete(new FillOutcome.PassThrough(status, headers, contentLength,
                ByteBufFlux.fromInbound(body.doOnNext(buf -> source.received(buf.readableBytes()))), released, reason,
                filledAt));
        return released.asMono();
    }

    /**
     * Stores a fill: as this node's own, checked against purges since it started, or, for a
     * parent's copy, checked against purges since the parent filled it.
     */
    private StoreOutcome store(String key, StoredResponse response, long filledAt, InFlightFills.Fill started,
                               Upstream.Source source) {
        return source.fromParent() ? cache.storeCopy(key, response, filledAt, started.startedAt())
                : cache.store(key, response, started.startedAt());
    }

    private void onError(ClientRequest request, StoredResponse stale, CompletableFuture<FillOutcome> outcome,
                         Throwable error) {
        if (outcome.isDone()) {
            return; // the body failed after the head: the streaming body already carries the error
        }
        if (stale != null && StaleRules.mayServeStaleOnError(stale, request.headers(), clock.millis(),
                consistency.forRequest(request.host(), request.pathAndQuery()))) {
            outcome.complete(new FillOutcome.Ready(stale, 0, "stale-if-error"));
            return;
        }
        outcome.complete(new FillOutcome.Failed(OriginFailure.of(error)));
    }

    /**
     * Response fields as stored: no hop-by-hop fields, no framing, which the node sets itself, and
     * no parent tier's fill time, which is the node's own business.
     */
    static Headers storedHeaders(HttpHeaders netty) {
        Headers.Builder builder = Headers.EMPTY.newBuilder();
        for (Map.Entry<String, String> e : netty) {
            builder.add(e.getKey(), e.getValue());
        }
        return HopByHop.strip(builder.build()).newBuilder().removeAll("Content-Length")
                .removeAll(TierFields.FILLED_AT).build();
    }

    /** The Content-Length, or -1 when absent, chunked or invalid. */
    static long contentLength(HttpHeaders netty) {
        if (netty.contains("Transfer-Encoding")) {
            return -1;
        }
        String value = netty.get("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.strip());
            return length < 0 ? -1 : length;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
