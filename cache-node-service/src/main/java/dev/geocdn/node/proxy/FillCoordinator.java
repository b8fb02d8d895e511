package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.RequestCollapser;
import dev.geocdn.cache.freshness.Consistency;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.cache.vary.VaryKeys;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.protocol.http.CacheStatus;
import io.micrometer.tracing.Span;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Gets a request that the cache cannot answer alone its response through a fill: it leads a
 * fill, waits on the one in flight for the same key (request collapsing), follows a body still
 * streaming in, or fetches on its own when it must not share (credentials, another variant, too
 * many waiters, a fill that takes too long); then serves what the fill produced.
 *
 * <p>Collapsed requests never share what is private or uncacheable: a pass-through outcome is
 * served only to the leader, and every other waiter fetches its own.
 */
final class FillCoordinator {

    /** The Cache-Status {@code tier} of a response read back from the persistence tier. */
    static final String TIER = "redis";

    private final RequestCollapser<String, FillOutcome> collapser;
    private final Filler filler;
    private final ResponseWriter writer;
    private final Clock clock;
    private final String nodeId;
    private final Duration collapseTimeout;
    private final HopTracing tracing;
    /** Range requests for objects too large to store whole, when the node fills them by parts; null until set. */
    private PartFills largeObjects;

    FillCoordinator(RequestCollapser<String, FillOutcome> collapser, Filler filler, ResponseWriter writer, Clock clock,
                    String nodeId, Duration collapseTimeout, HopTracing tracing) {
        this.tracing = tracing;
        this.collapser = collapser;
        this.filler = filler;
        this.writer = writer;
        this.clock = clock;
        this.nodeId = nodeId;
        this.collapseTimeout = collapseTimeout;
    }

    /**
     * @param detail      the Cache-Status detail, or null
     * @param consistency the path's consistency
     */
    /** Sends range requests for objects that show to be too large to store whole to {@code parts}. */
    void fillLargeObjectsBy(PartFills parts) {
        this.largeObjects = parts;
    }

    Mono<Void> fill(Exchange exchange, HttpServerResponse response, StoredResponse stale, CacheStatus.Fwd reason,
                            String detail, Consistency consistency) {
        ClientRequest request = exchange.request;
        exchange.cacheStatus = CacheStatus.forward(nodeId, reason).withDetail(detail);
        // A request with credentials never waits on another's fill, nor leads one others wait on.
        if (request.headers().contains("Authorization")) {
            exchange.cacheStatus = CacheStatus.forward(nodeId, CacheStatus.Fwd.REQUEST).withDetail(detail);
            return direct(exchange, response, stale);
        }
        // Too late to wait on the fill's head, but its body is still streaming in: follow it, if the
        // path's consistency accepts a head that arrived before this request (never for strong).
        FillOutcome.Streaming inProgress = filler.inProgress(request.cacheKey());
        if (inProgress != null && consistency.allowsReuse(inProgress.head(), clock.millis())) {
            return serveOutcome(exchange, response, Mono.just(inProgress), false);
        }
        RequestCollapser.Join<FillOutcome> join = collapser.join(request.cacheKey());
        return switch (join) {
            case RequestCollapser.Join.Lead<FillOutcome> lead -> {
                CompletableFuture<FillOutcome> outcome = new CompletableFuture<>();
                outcome.whenComplete((result, error) -> lead.flight().complete(result));
                filler.start(request, stale, outcome, true, exchange.interim);
                yield serveOutcome(exchange, response, Mono.fromFuture(outcome, true), true);
            }
            case RequestCollapser.Join.Wait<FillOutcome> wait -> serveOutcome(exchange, response,
                    waitFor(exchange, Mono.fromFuture(wait.outcome(), true).timeout(collapseTimeout)), false)
                    .onErrorResume(TimeoutException.class, timeout -> direct(exchange, response, stale));
            case RequestCollapser.Join.Overflow<FillOutcome> overflow -> direct(exchange, response, stale);
        };
    }

    /**
     * The wait of a collapsed request for the fill another request leads, as a span of its own
     * under the request's: a trace shows how long it waited, and whether it gave up.
     */
    private Mono<FillOutcome> waitFor(Exchange exchange, Mono<FillOutcome> outcome) {
        Span span = tracing.internal(exchange.span, "collapse wait");
        if (span.isNoop()) {
            return outcome;
        }
        return outcome.doOnError(span::error).doFinally(signal -> span.end());
    }

    /** A fill of this request's own, not collapsed with others. */
    private Mono<Void> direct(Exchange exchange, HttpServerResponse response, StoredResponse stale) {
        CompletableFuture<FillOutcome> outcome = new CompletableFuture<>();
        filler.start(exchange.request, stale, outcome, true, exchange.interim);
        return serveOutcome(exchange, response, Mono.fromFuture(outcome, true), true);
    }

    private Mono<Void> serveOutcome(Exchange exchange, HttpServerResponse response, Mono<FillOutcome> outcome,
                                    boolean leader) {
        return outcome.flatMap(result -> {
            long now = clock.millis();
            CacheStatus status = exchange.cacheStatus;
            switch (result) {
                case FillOutcome.Streaming streaming -> {
                    StoredResponse head = streaming.head();
                    if (!leader) {
                        String key = VaryKeys.secondaryKey(VaryKeys.fieldNames(head.headers()), exchange.request.headers());
                        if (!key.equals(head.secondaryKey())) {
                            return direct(exchange, response, null); // another variant: not ours to share
                        }
                    }
                    // Hold the body's memory for the whole response: once the fill is stored and later
                    // evicted, a slow reader must still find the bytes it has not sent yet.
                    if (!streaming.body().retainMemory()) {
                        return direct(exchange, response, null); // already freed: fetch it again
                    }
                    exchange.result = leader ? Exchange.Result.MISS : Exchange.Result.COLLAPSED;
                    exchange.filledAt = head.filledAt();
                    exchange.cacheStatus = status.withFwdStatus(streaming.fwdStatus()).withStored(leader)
                            .withCollapsed(!leader).withTtl(Math.floorDiv(head.remainingMillis(now), 1000));
                    return writer.serve(exchange, response, head.status(), head.headers(), head.ageSeconds(now),
                                    ResponseWriter.BodySource.of(streaming.body()), now)
                            .doFinally(signal -> streaming.body().releaseMemory());
                }
                case FillOutcome.FromTier fromTier -> {
                    StoredResponse stored = fromTier.response();
                    if (!leader && !VaryKeys.secondaryKey(VaryKeys.fieldNames(stored.headers()),
                            exchange.request.headers()).equals(stored.secondaryKey())) {
                        return direct(exchange, response, null); // another variant: not ours to share
                    }
                    exchange.result = leader ? Exchange.Result.HIT : Exchange.Result.COLLAPSED;
                    exchange.cacheStatus = CacheStatus.hit(nodeId, Math.floorDiv(stored.remainingMillis(now), 1000))
                            .withTier(TIER).withCollapsed(!leader);
                    return writer.serveStored(exchange, response, stored, now);
                }
                case FillOutcome.Ready ready -> {
                    StoredResponse stored = ready.response();
                    boolean revalidated = ready.fwdStatus() == 304;
                    exchange.result = !leader ? Exchange.Result.COLLAPSED
                            : revalidated ? Exchange.Result.REVALIDATED : Exchange.Result.STALE;
                    CacheStatus s = status.withStored(leader && revalidated).withCollapsed(!leader)
                            .withTtl(Math.floorDiv(stored.remainingMillis(now), 1000));
                    s = ready.fwdStatus() > 0 ? s.withFwdStatus(ready.fwdStatus()) : s;
                    exchange.cacheStatus = ready.detail() == null ? s : s.withDetail(ready.detail());
                    return writer.serveStored(exchange, response, stored, now);
                }
                case FillOutcome.PassThrough pass -> {
                    if (!leader) {
                        return direct(exchange, response, null);
                    }
                    if (largeObjects != null && pass.status() == 200 && pass.reason() instanceof FillOutcome.NotStored.TooLarge
                            && exchange.consistency != null && largeObjects.appliesToLarge(exchange.request)) {
                        pass.released().tryEmitEmpty(); // give up the whole; ask for the range alone
                        return largeObjects.serveLarge(exchange, response, exchange.consistency,
                                exchange.cacheStatus.fwd());
                    }
                    exchange.result = Exchange.Result.MISS;
                    exchange.filledAt = pass.filledAt();
                    exchange.cacheStatus = status.withFwdStatus(pass.status()).withDetail(pass.reason().token());
                    Mono<Void> relayed = exchange.request.isHead()
                            ? pass.body().then().then(writer.relay(exchange, response, pass.status(), pass.headers(),
                                    pass.contentLength(), Flux.empty()))
                            : writer.relay(exchange, response, pass.status(), pass.headers(), pass.contentLength(),
                                    pass.body().retain());
                    return relayed.doFinally(signal -> pass.released().tryEmitEmpty());
                }
                case FillOutcome.Failed failed -> {
                    exchange.result = Exchange.Result.ERROR;
                    exchange.cacheStatus = status.withCollapsed(!leader).withDetail(failed.failure().token());
                    return writer.error(exchange, response, failed.failure().status(), failed.failure().message());
                }
            }
        });
    }

    void revalidateInBackground(ClientRequest request, StoredResponse stale) {
        if (request.headers().contains("Authorization") || filler.inProgress(request.cacheKey()) != null
                || !(collapser.join(request.cacheKey()) instanceof RequestCollapser.Join.Lead<FillOutcome> lead)) {
            return; // someone else is already refreshing it
        }
        CompletableFuture<FillOutcome> outcome = new CompletableFuture<>();
        outcome.whenComplete((result, error) -> {
            lead.flight().complete(result);
            if (result instanceof FillOutcome.PassThrough pass) {
                pass.body().then().doFinally(s -> pass.released().tryEmitEmpty()).subscribe();
            }
        });
        filler.start(request, stale, outcome, true, null); // its client is already answered
    }

}
