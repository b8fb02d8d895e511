package dev.geocdn.node.proxy;

import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.Consistency;
import dev.geocdn.cache.freshness.Reuse;
import dev.geocdn.cache.freshness.ReuseDecision;
import dev.geocdn.cache.partial.PartialBody;
import dev.geocdn.cache.partial.PartialResponses;
import dev.geocdn.cache.ranges.ByteRange;
import dev.geocdn.cache.ranges.RangeDecision;
import dev.geocdn.cache.ranges.RangeRequests;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.protocol.http.CacheStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Range requests answered by parts ({@code cdn.cache.range-fill=parts}): a range the held parts
 * cover is a hit; otherwise the origin is asked for only what is missing, the part is combined
 * with those held (see {@link RangeFiller}), and the client is answered from the result. Once
 * the parts cover the whole representation it is stored as a whole, and every request is a
 * plain hit.
 *
 * <p>Which requests: a GET with exactly one byte range, without If-Range, conditionals or
 * credentials; everything else takes the whole path, where a held partial entry counts as a
 * miss ({@code fwd=partial}) and is replaced by the whole response.
 */
final class PartFills {

    private final RangeFill mode;
    private final RangeFiller filler;
    private final FillCoordinator fills;
    private final ResponseWriter writer;
    private final CacheRules rules;
    private final Clock clock;
    private final String nodeId;

    PartFills(RangeFill mode, RangeFiller filler, FillCoordinator fills, ResponseWriter writer, CacheRules rules,
              Clock clock, String nodeId) {
        this.mode = mode;
        this.filler = filler;
        this.fills = fills;
        this.writer = writer;
        this.rules = rules;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** Whether {@code request} is answered by parts whatever the object's size. */
    boolean applies(ClientRequest request) {
        return mode == RangeFill.PARTS && isOneRange(request);
    }

    /** Whether {@code request} is answered by parts once its object shows to be too large to store whole. */
    boolean appliesToLarge(ClientRequest request) {
        return mode != RangeFill.WHOLE && isOneRange(request);
    }

    private static boolean isOneRange(ClientRequest request) {
        if (!request.method().equals("GET")) {
            return false;
        }
        var fields = request.headers();
        List<String> range = fields.values("Range");
        if (range.size() != 1 || fields.contains("If-Range") || fields.contains("Authorization")
                || fields.contains("If-None-Match") || fields.contains("If-Modified-Since")
                || fields.contains("If-Match") || fields.contains("If-Unmodified-Since")) {
            return false;
        }
        // exactly one valid range-spec: others are answered from the whole representation
        return RangeRequests.isSingleRange(range.get(0));
    }

    /**
     * Answers the range from {@code held} (the parts stored for this variant, or null), fetching
     * what is missing.
     *
     * @param missReason the Cache-Status forward reason when nothing is held
     */
    Mono<Void> serve(Exchange exchange, HttpServerResponse response, StoredResponse held, Consistency consistency,
                     CacheStatus.Fwd missReason) {
        return serve(exchange, response, held, consistency, missReason, false);
    }

    /**
     * As {@link #serve(Exchange, HttpServerResponse, StoredResponse, Consistency, CacheStatus.Fwd)}
     * for an object known to be too large to store whole: an origin that answers the range with
     * the whole object has that answer relayed, since fetching the whole again would only repeat it.
     */
    Mono<Void> serveLarge(Exchange exchange, HttpServerResponse response, Consistency consistency,
                          CacheStatus.Fwd reason) {
        return serve(exchange, response, null, consistency, reason, true);
    }

    private Mono<Void> serve(Exchange exchange, HttpServerResponse response, StoredResponse held,
                             Consistency consistency, CacheStatus.Fwd missReason, boolean large) {
        ClientRequest request = exchange.request;
        long now = clock.millis();
        String ask = request.headers().get("Range").strip();
        StoredResponse validating = null;
        CacheStatus.Fwd reason = missReason;
        if (held != null) {
            PartialBody parts = (PartialBody) held.body();
            ReuseDecision decision = ReuseDecision.decide(request.headers(), held, now, rules, consistency);
            RangeDecision wanted = RangeRequests.decide("GET", request.headers(), parts.completeLength(),
                    held.headers(), Instant.ofEpochMilli(now));
            boolean fresh = decision.action() == Reuse.FRESH;
            if (wanted instanceof RangeDecision.Partial partial && partial.ranges().size() == 1) {
                ByteRange range = partial.ranges().get(0);
                long[] missing = fresh ? parts.missing(range.first(), range.last())
                        : new long[] {range.first(), range.last()};
                if (missing == null) {
                    exchange.result = Exchange.Result.HIT;
                    exchange.cacheStatus = CacheStatus.hit(nodeId, decision.ttlSeconds());
                    return writer.servePart(exchange, response, held, range, now);
                }
                ask = "bytes=" + missing[0] + "-" + missing[1];
                validating = held;
                reason = fresh ? CacheStatus.Fwd.PARTIAL : CacheStatus.Fwd.STALE;
            }
        }
        exchange.cacheStatus = CacheStatus.forward(nodeId, reason);
        CacheStatus.Fwd forward = reason;
        return filler.fetch(request, ask, validating, exchange.interim).flatMap(outcome -> switch (outcome) {
            case RangeFiller.Outcome.Held part -> {
                exchange.cacheStatus = exchange.cacheStatus.withFwdStatus(206).withStored(part.stored());
                yield serveHeld(exchange, response, part.response(), consistency, forward)
                        .doFinally(signal -> part.release().run());
            }
            case RangeFiller.Outcome.Whole whole -> {
                if (large) {
                    yield relay(exchange, response, whole.response());
                }
                whole.response().released().tryEmitEmpty();
                yield fills.fill(exchange, response, null, forward, "whole", consistency);
            }
            case RangeFiller.Outcome.Relay relay -> relay(exchange, response, relay);
            case RangeFiller.Outcome.Failed failed -> {
                exchange.result = Exchange.Result.ERROR;
                exchange.cacheStatus = exchange.cacheStatus.withDetail(failed.failure().token());
                yield writer.error(exchange, response, failed.failure().status(), failed.failure().message());
            }
        });
    }

    private Mono<Void> relay(Exchange exchange, HttpServerResponse response, RangeFiller.Outcome.Relay relay) {
        exchange.result = Exchange.Result.MISS;
        exchange.cacheStatus = exchange.cacheStatus.withFwdStatus(relay.status());
        return writer.relay(exchange, response, relay.status(), relay.headers(), relay.contentLength(), relay.body())
                .doFinally(signal -> relay.released().tryEmitEmpty());
    }

    /** Answers the client's range from what the parts make now: a whole response, or parts. */
    private Mono<Void> serveHeld(Exchange exchange, HttpServerResponse response, StoredResponse stored,
                                 Consistency consistency, CacheStatus.Fwd reason) {
        long now = clock.millis();
        exchange.result = Exchange.Result.MISS;
        if (!PartialResponses.isPartial(stored)) {
            return writer.serveStored(exchange, response, stored, now);
        }
        PartialBody parts = (PartialBody) stored.body();
        RangeDecision wanted = RangeRequests.decide("GET", exchange.request.headers(), parts.completeLength(),
                stored.headers(), Instant.ofEpochMilli(now));
        if (wanted instanceof RangeDecision.Partial partial && partial.ranges().size() == 1
                && parts.covers(partial.ranges().get(0).first(), partial.ranges().get(0).last())) {
            return writer.servePart(exchange, response, stored, partial.ranges().get(0), now);
        }
        // the origin sent another range than the one asked for: take the whole path
        return fills.fill(exchange, response, null, reason, "whole", consistency);
    }
}
