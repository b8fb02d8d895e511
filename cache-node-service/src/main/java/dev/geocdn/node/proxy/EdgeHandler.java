package dev.geocdn.node.proxy;

import dev.geocdn.cache.http.Directive;
import dev.geocdn.cache.collapse.RequestCollapser;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.Consistency;
import dev.geocdn.cache.freshness.ConsistencyRules;
import dev.geocdn.cache.freshness.ReuseDecision;
import dev.geocdn.cache.freshness.UnsafeInvalidation;
import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.protocol.http.CacheStatus;
import dev.geocdn.cache.store.Lookup;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.cache.vary.VaryKeys;
import dev.geocdn.node.metrics.NodeMetrics;
import dev.geocdn.node.origin.OriginClient;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * The node's data plane: a Reactor Netty handler that answers GET and HEAD from the cache or
 * through a collapsed fill, and passes other methods through (ARCHITECTURE "A GET", step 3).
 *
 * <p>Every decision is delegated to cache-core (freshness, storability, Vary, ranges,
 * preconditions); this class only routes a request to the right path and records the outcome.
 */
public final class EdgeHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(EdgeHandler.class);

    private final ResponseCache cache;
    private final RequestCollapser<String, FillOutcome> collapser;
    private final Filler filler;
    private final OriginClient origin;
    private final ResponseWriter writer;
    private final CacheRules rules;
    private final ConsistencyRules consistencyRules;
    private final Clock clock;
    private final NodeMetrics metrics;
    private final String nodeId;
    private final Duration collapseTimeout;
    private final AccessLog accessLog;
    private final TrustedProxies trustedProxies;
    private final EarlyHints earlyHints;
    private final OverrideFields overrideFields;

    /**
     * @param consistencyRules the consistency of each path
     * @param accessLog        where to log each request
     * @param trustedProxies   whose forwarded scheme is believed
     * @param clientFields     which response fields reach clients
     * @param earlyHints       whether the origin's 103 responses reach clients
     * @param overrideFields   request fields never sent on (target and method overrides)
     */
    public EdgeHandler(ResponseCache cache, RequestCollapser<String, FillOutcome> collapser, Filler filler,
                       OriginClient origin, CacheRules rules, ConsistencyRules consistencyRules, Clock clock,
                       NodeMetrics metrics, String nodeId, Duration collapseTimeout, AccessLog accessLog,
                       TrustedProxies trustedProxies, ClientFields clientFields, EarlyHints earlyHints,
                       OverrideFields overrideFields) {
        this.earlyHints = earlyHints;
        this.overrideFields = overrideFields;
        this.trustedProxies = trustedProxies;
        this.writer = new ResponseWriter(clientFields);
        this.consistencyRules = consistencyRules;
        this.accessLog = accessLog;
        this.cache = cache;
        this.collapser = collapser;
        this.filler = filler;
        this.origin = origin;
        this.rules = rules;
        this.clock = clock;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.collapseTimeout = collapseTimeout;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        long start = System.nanoTime();
        ClientRequest client;
        try {
            client = ClientRequest.from(request, trustedProxies, overrideFields);
        } catch (BadRequestException e) {
            Exchange exchange = new Exchange(null, start);
            return writer.error(exchange, response, 400, e.getMessage()).doFinally(s -> record(exchange));
        }
        Exchange exchange = new Exchange(client, start);
        exchange.interim = earlyHints.relayTo(request, response);
        Mono<Void> handled = switch (client.method()) {
            case "GET", "HEAD" -> lookup(exchange, response);
            default -> pass(exchange, response, request);
        };
        return handled
                .onErrorResume(error -> {
                    log.warn("request {} {} failed: {}", client.method(), client.cacheKey(), error.toString());
                    if (response.hasSentHeaders()) {
                        return Mono.error(error); // the connection is closed mid-body; nothing else to do
                    }
                    exchange.result = Exchange.Result.ERROR;
                    return writer.error(exchange, response, OriginErrors.status(error), "bad gateway");
                })
                .doFinally(signal -> record(exchange));
    }

    private void record(Exchange exchange) {
        Exchange.Result result = exchange.result;
        metrics.record(new NodeMetrics.Outcome(result.tag(), result.servedFromCache(),
                result != Exchange.Result.PASS && exchange.request != null, exchange.bytesOut,
                System.nanoTime() - exchange.startNanos));
        if (accessLog.enabled()) {
            ClientRequest request = exchange.request;
            long bytes = request != null && request.isHead() ? exchange.representationLength : exchange.bytesOut;
            accessLog.record(clock.millis(), request == null ? "-" : request.method(), exchange.status,
                    result.tag(), bytes, request == null ? "-" : request.cacheKey());
        }
    }

    private Mono<Void> lookup(Exchange exchange, HttpServerResponse response) {
        ClientRequest request = exchange.request;
        long now = clock.millis();
        Consistency consistency = consistencyRules.forRequest(request.host(), request.pathAndQuery());
        Lookup lookup = cache.lookup(request.cacheKey(), request.headers());
        if (lookup.isHit()) {
            StoredResponse stored = lookup.response();
            ReuseDecision decision = ReuseDecision.decide(request.headers(), stored, now, rules, consistency);
            switch (decision.action()) {
                case FRESH -> {
                    exchange.result = Exchange.Result.HIT;
                    exchange.cacheStatus = CacheStatus.hit(nodeId, decision.ttlSeconds());
                    return writer.serveStored(exchange, response, stored, now);
                }
                case STALE_WHILE_REVALIDATE -> {
                    revalidateInBackground(request, stored);
                    exchange.result = Exchange.Result.STALE;
                    exchange.cacheStatus = CacheStatus.hit(nodeId, decision.ttlSeconds())
                            .withDetail("stale-while-revalidate");
                    return writer.serveStored(exchange, response, stored, now);
                }
                case REVALIDATE -> {
                    // RFC 9211 section 2.8: the detail says when the path's consistency, not HTTP
                    // freshness, sent it forward
                    return fill(exchange, response, stored, CacheStatus.Fwd.STALE,
                            decision.byConsistency() ? decision.reason() : null, consistency);
                }
            }
        }
        // RFC 9111 section 5.2.1.7: only-if-cached and nothing usable stored
        if (CacheControl.parse(request.headers().joined("Cache-Control")).has(Directive.ONLY_IF_CACHED)) {
            exchange.cacheStatus = CacheStatus.forward(nodeId, CacheStatus.Fwd.MISS).withDetail("only-if-cached");
            return writer.error(exchange, response, 504, "not cached");
        }
        CacheStatus.Fwd reason = lookup.miss() == Lookup.Miss.VARY_MISS ? CacheStatus.Fwd.VARY_MISS : CacheStatus.Fwd.URI_MISS;
        return fill(exchange, response, lookup.response(), reason, null, consistency);
    }

    /**
     * @param detail      the Cache-Status detail, or null
     * @param consistency the path's consistency
     */
    private Mono<Void> fill(Exchange exchange, HttpServerResponse response, StoredResponse stale, CacheStatus.Fwd reason,
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
                    Mono.fromFuture(wait.outcome(), true).timeout(collapseTimeout), false)
                    .onErrorResume(TimeoutException.class, timeout -> direct(exchange, response, stale));
            case RequestCollapser.Join.Overflow<FillOutcome> overflow -> direct(exchange, response, stale);
        };
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
                    exchange.cacheStatus = status.withFwdStatus(streaming.fwdStatus()).withStored(leader)
                            .withCollapsed(!leader).withTtl(Math.floorDiv(head.remainingMillis(now), 1000));
                    return writer.serve(exchange, response, head.status(), head.headers(), head.ageSeconds(now),
                                    ResponseWriter.BodySource.of(streaming.body()), now)
                            .doFinally(signal -> streaming.body().releaseMemory());
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
                    exchange.result = Exchange.Result.MISS;
                    exchange.cacheStatus = status.withFwdStatus(pass.status()).withDetail(pass.reason());
                    Mono<Void> relayed = exchange.request.isHead()
                            ? pass.body().then().then(writer.relay(exchange, response, pass.status(), pass.headers(),
                                    pass.contentLength(), reactor.core.publisher.Flux.empty()))
                            : writer.relay(exchange, response, pass.status(), pass.headers(), pass.contentLength(),
                                    pass.body().retain());
                    return relayed.doFinally(signal -> pass.released().tryEmitEmpty());
                }
                case FillOutcome.Failed failed -> {
                    exchange.result = Exchange.Result.ERROR;
                    exchange.cacheStatus = status.withCollapsed(!leader).withDetail(failed.reason());
                    return writer.error(exchange, response, failed.status(), failed.reason().replace('-', ' '));
                }
            }
        });
    }

    private void revalidateInBackground(ClientRequest request, StoredResponse stale) {
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

    private Mono<Void> pass(Exchange exchange, HttpServerResponse response, HttpServerRequest request) {
        ClientRequest client = exchange.request;
        exchange.result = Exchange.Result.PASS;
        exchange.cacheStatus = CacheStatus.forward(nodeId, CacheStatus.Fwd.METHOD);
        Headers upstream = UpstreamHeaders.forPass(client, nodeId);
        return origin.exchange(client.method(), client.pathAndQuery(), upstream, request.receive().retain(),
                        exchange.interim, (originResponse, body) -> {
                            int status = originResponse.status().code();
                            Headers headers = Filler.storedHeaders(originResponse.responseHeaders());
                            invalidateAfterUnsafe(client, status, headers);
                            exchange.cacheStatus = exchange.cacheStatus.withFwdStatus(status);
                            return writer.relay(exchange, response, status, headers,
                                    Filler.contentLength(originResponse.responseHeaders()), body.retain());
                        })
                .then()
                .onErrorResume(error -> {
                    exchange.result = Exchange.Result.ERROR;
                    exchange.cacheStatus = exchange.cacheStatus.withDetail(OriginErrors.reason(error));
                    return writer.error(exchange, response, OriginErrors.status(error), OriginErrors.reason(error).replace('-', ' '));
                });
    }

    // RFC 9111 section 4.4
    private void invalidateAfterUnsafe(ClientRequest client, int status, Headers headers) {
        URI target;
        try {
            target = URI.create(client.cacheKey());
        } catch (IllegalArgumentException e) {
            if (status >= 200 && status < 400) {
                cache.invalidate(client.cacheKey());
            }
            return;
        }
        for (URI uri : UnsafeInvalidation.targets(client.method(), target, status, headers)) {
            cache.invalidate(ClientRequest.cacheKey(uri));
        }
    }
}
