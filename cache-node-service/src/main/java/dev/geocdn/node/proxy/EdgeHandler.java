package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.RequestCollapser;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.Consistency;
import dev.geocdn.cache.freshness.ConsistencyRules;
import dev.geocdn.cache.freshness.ReuseDecision;
import dev.geocdn.protocol.http.AheadOfClients;
import dev.geocdn.protocol.http.CacheStatus;
import dev.geocdn.cache.partial.PartialResponses;
import dev.geocdn.cache.store.Lookup;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.node.metrics.NodeMetrics;
import dev.geocdn.node.origin.OriginClient;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.tracing.HttpSpans;
import io.micrometer.tracing.Span;
import io.netty.handler.codec.http.HttpHeaders;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * The node's data plane: a Reactor Netty handler that answers GET and HEAD from the cache or
 * through a fill ({@link FillCoordinator}), and passes other methods through
 * ({@link PassThrough}); see docs/architecture.md, "A GET".
 *
 * <p>Every decision is delegated to cache-core (freshness, storability, Vary, ranges,
 * preconditions); this class only routes a request to the right path and records the outcome.
 */
public final class EdgeHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(EdgeHandler.class);

    private final ResponseCache cache;
    private final ResponseWriter writer;
    private final FillCoordinator fills;
    private final PassThrough passThrough;
    private final PartFills parts;
    private final CacheRules rules;
    private final ConsistencyRules consistencyRules;
    private final Clock clock;
    private final NodeMetrics metrics;
    private final String nodeId;
    private final AccessLog accessLog;
    private final TrustedProxies trustedProxies;
    private final EarlyHints earlyHints;
    private final OverrideFields overrideFields;
    private final RequestHooks prefetch;
    private final Filler filler;
    private final LoopGuard loops;
    private final ReplicaIntake replicas;
    private final HopTracing tracing;
    private final String region;

    /**
     * @param consistencyRules the consistency of each path
     * @param accessLog        where to log each request
     * @param trustedProxies   whose forwarded scheme is believed
     * @param clientFields     which response fields reach clients
     * @param earlyHints       whether the origin's 103 responses reach clients
     * @param overrideFields   request fields never sent on (target and method overrides)
     * @param rangeFill        how range requests for what is not held whole are filled
     * @param prefetch         told of requests, for segments that follow them
     * @param loops            refuses requests that have circled through the CDN (CDN-Loop)
     * @param replicas         the reserved replica path: offers from other regions, and pulls
     * @param tracing          the SERVER span of each request, whose context the request's fills carry on
     * @param region           this node's region, on its spans
     */
    public EdgeHandler(ResponseCache cache, RequestCollapser<String, FillOutcome> collapser, Filler filler,
                       OriginClient origin, CacheRules rules, ConsistencyRules consistencyRules, Clock clock,
                       NodeMetrics metrics, String nodeId, Duration collapseTimeout, AccessLog accessLog,
                       TrustedProxies trustedProxies, ClientFields clientFields, EarlyHints earlyHints,
                       OverrideFields overrideFields, RangeFill rangeFill, RequestHooks prefetch, LoopGuard loops,
                       ReplicaIntake replicas, HopTracing tracing, String region) {
        this.tracing = tracing;
        this.region = region;
        this.loops = loops;
        this.replicas = replicas;
        this.prefetch = prefetch;
        this.filler = filler;
        this.earlyHints = earlyHints;
        this.overrideFields = overrideFields;
        this.trustedProxies = trustedProxies;
        this.writer = new ResponseWriter(clientFields);
        this.consistencyRules = consistencyRules;
        this.accessLog = accessLog;
        this.cache = cache;
        this.fills = new FillCoordinator(collapser, filler, writer, clock, nodeId, collapseTimeout, tracing);
        this.passThrough = new PassThrough(origin, cache, writer, nodeId);
        this.parts = new PartFills(rangeFill, filler.parts(), fills, writer, rules, clock, nodeId);
        fills.fillLargeObjectsBy(parts);
        replicas.fillsInFlight(key -> collapser.isInFlight(key) || filler.inProgress(key) != null);
        this.rules = rules;
        this.clock = clock;
        this.metrics = metrics;
        this.nodeId = nodeId;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        long start = System.nanoTime();
        Span span = tracing.server(request.requestHeaders(), HttpHeaders::get, request.method().name());
        ClientRequest parsed;
        try {
            parsed = traced(ClientRequest.from(request, trustedProxies, overrideFields), span);
        } catch (BadRequestException e) {
            Exchange exchange = new Exchange(null, start);
            exchange.span = span;
            return writer.error(exchange, response, 400, e.getMessage()).doFinally(s -> record(exchange));
        }
        if (replicas.handles(parsed)) {
            Exchange replica = new Exchange(parsed, start);
            replica.span = span;
            return replicas.handle(replica, response, writer).doFinally(s -> record(replica));
        }
        ClientRequest client = loops.admit(parsed);
        if (client == null) {
            Exchange refused = new Exchange(parsed, start);
            refused.span = span;
            return writer.error(refused, response, 508, loops.refusal()).doFinally(s -> record(refused));
        }
        Exchange exchange = new Exchange(client, start);
        exchange.span = span;
        exchange.interim = earlyHints.relayTo(request, response);
        Mono<Void> handled = switch (client.method()) {
            case "GET", "HEAD" -> {
                String ahead = client.headers().get(RequestHooks.PREFETCH_FIELD);
                if (ahead == null) {
                    prefetch.requested(client.cacheKey());
                } else if (ahead.startsWith(AheadOfClients.PLAYLIST_PARAMETER)) {
                    prefetch.hinted(client.cacheKey(), ahead.substring(AheadOfClients.PLAYLIST_PARAMETER.length()));
                }
                yield lookup(exchange, response);
            }
            default -> passThrough.pass(exchange, response, request);
        };
        return handled
                .onErrorResume(error -> {
                    log.warn("request {} {} failed: {}", client.method(), client.cacheKey(), error.toString());
                    if (response.hasSentHeaders()) {
                        return Mono.error(error); // the connection is closed mid-body; nothing else to do
                    }
                    exchange.result = Exchange.Result.ERROR;
                    return writer.error(exchange, response, OriginFailure.of(error).status(), "bad gateway");
                })
                .doFinally(signal -> record(exchange));
    }

    /**
     * Loads the persistence tier's copy of {@code cacheKey} into memory, as a client's request
     * would but without one: the hot set's pre-load. Whether memory took it.
     */
    public Mono<Boolean> preloadFromTier(String cacheKey) {
        return filler.preloadFromTier(cacheKey);
    }

    /**
     * {@code request} with its span's context in place of the one it came with: every request it
     * leads to (parent region, Redis tier, origin) is then a child of this node's span.
     */
    private ClientRequest traced(ClientRequest request, Span span) {
        if (span == Span.NOOP) {
            return request;
        }
        if (!span.isNoop()) {
            HttpSpans.request(span, request.method(), request.scheme(), request.pathAndQuery());
            span.tag(HttpSpans.SERVER_ADDRESS, request.host());
            span.tag(HttpSpans.CLIENT_ADDRESS, request.remoteAddress());
        }
        Headers.Builder fields = request.headers().newBuilder();
        tracing.inject(span, fields, Headers.Builder::set);
        return request.withHeaders(fields.build());
    }

    private void record(Exchange exchange) {
        Exchange.Result result = exchange.result;
        Span span = exchange.span;
        NodeMetrics.Outcome outcome = new NodeMetrics.Outcome(result.tag(), result.servedFromCache(),
                result != Exchange.Result.PASS && exchange.request != null, exchange.bytesOut,
                System.nanoTime() - exchange.startNanos);
        if (span.isNoop()) {
            metrics.record(outcome);
        } else {
            span.tag(HttpSpans.GEOCDN_CACHE_RESULT, result.tag());
            span.tag(HttpSpans.GEOCDN_NODE, nodeId);
            span.tag(HttpSpans.GEOCDN_REGION, region);
            try (HopTracing.Scope current = tracing.current(span)) {
                metrics.record(outcome); // its latency exemplar carries this trace
            }
            HttpSpans.end(span, exchange.status, true);
        }
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
        exchange.consistency = consistency;
        Lookup lookup = cache.lookup(request.cacheKey(), request.headers());
        StoredResponse heldParts = lookup.isHit() && PartialResponses.isPartial(lookup.response()) ? lookup.response() : null;
        // held parts mark an object filled by parts: too large to store whole, or parts configured;
        // RFC 9111 section 5.2.1.7: only-if-cached is answered from what is stored, never upstream
        if ((heldParts != null ? parts.appliesToLarge(request) : !lookup.isHit() && parts.applies(request))
                && !LoopGuard.answeredFromStore(request)) {
            return parts.serve(exchange, response, heldParts, consistency, missReason(lookup));
        }
        if (lookup.isHit() && heldParts == null) {
            StoredResponse stored = lookup.response();
            ReuseDecision decision = ReuseDecision.decide(request.headers(), stored, now, rules, consistency);
            switch (decision.action()) {
                case FRESH -> {
                    exchange.result = Exchange.Result.HIT;
                    exchange.cacheStatus = CacheStatus.hit(nodeId, decision.ttlSeconds());
                    return writer.serveStored(exchange, response, stored, now);
                }
                case STALE_WHILE_REVALIDATE -> {
                    fills.revalidateInBackground(request, stored);
                    exchange.result = Exchange.Result.STALE;
                    exchange.cacheStatus = CacheStatus.hit(nodeId, decision.ttlSeconds())
                            .withDetail("stale-while-revalidate");
                    return writer.serveStored(exchange, response, stored, now);
                }
                case REVALIDATE -> {
                    if (LoopGuard.answeredFromStore(request)) {
                        break; // a stored response that needs validating is not one to answer with
                    }
                    // RFC 9211 section 2.8: the detail says when the path's consistency, not HTTP
                    // freshness, sent it forward
                    return fills.fill(exchange, response, stored, CacheStatus.Fwd.STALE,
                            decision.byConsistency() ? decision.reason().token() : null, consistency);
                }
            }
        }
        // RFC 9111 section 5.2.1.7: only-if-cached and nothing usable stored
        if (LoopGuard.answeredFromStore(request)) {
            exchange.cacheStatus = CacheStatus.forward(nodeId, CacheStatus.Fwd.MISS).withDetail("only-if-cached");
            return writer.error(exchange, response, 504, "not cached");
        }
        // parts held but not asked for by a range: the whole response replaces them
        CacheStatus.Fwd reason = heldParts != null ? CacheStatus.Fwd.PARTIAL : missReason(lookup);
        return fills.fill(exchange, response, null, reason, null, consistency);
    }

    private static CacheStatus.Fwd missReason(Lookup lookup) {
        return lookup.miss() == Lookup.Miss.VARY_MISS ? CacheStatus.Fwd.VARY_MISS : CacheStatus.Fwd.URI_MISS;
    }

}
