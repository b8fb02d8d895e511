package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.StreamingBody;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.Directives;
import dev.geocdn.cache.freshness.Storability;
import dev.geocdn.cache.freshness.StoredResponses;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.partial.ContentRange;
import dev.geocdn.cache.partial.PartialBody;
import dev.geocdn.cache.partial.PartialResponses;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Fetches one byte range of a representation from the origin and stores it as a part (RFC 9111
 * section 3.3), combined with the parts already held (section 3.4).
 *
 * <p>The request carries {@code Range} and, when parts are held, {@code If-Range} with their
 * strong validator: an origin whose representation changed answers 200 with the whole new one
 * instead of a part of it, so parts of two versions are never combined. A part is stored only
 * when the whole response would be (no-store, private, Set-Cookie and the rest decide as for a
 * 200), when it names its place ({@code Content-Range} with the complete length) and carries a
 * strong validator, and when it fits the object bound; anything else is relayed as it comes.
 *
 * <p>Unlike a whole fill, a part is not streamed while it arrives: the range asked for is
 * bounded by {@code cdn.cache.max-object-size}, and the client is answered from the part once
 * it is complete, so what it gets and what is stored are the same bytes.
 */
final class RangeFiller {

    /** What came back. */
    sealed interface Outcome {
        /**
         * The part arrived; {@code response} is what the parts held now make (a 206 with the
         * parts, or the whole 200), and whether it was stored. Call {@code release} once it has
         * been served.
         */
        record Held(StoredResponse response, boolean stored, Runnable release) implements Outcome {
        }

        /**
         * The origin sent the whole representation (200): relay {@code response}, or give it up
         * (emit on its {@code released}) and fill the whole as usual.
         */
        record Whole(Relay response) implements Outcome {
        }

        /** Not a part the cache can keep: relay it; emit on {@code released} once relayed. */
        record Relay(int status, Headers headers, long contentLength, Flux<ByteBuf> body,
                     Sinks.Empty<Void> released) implements Outcome {
        }

        /** The origin could not be reached or failed. */
        record Failed(OriginFailure failure) implements Outcome {
        }
    }

    private final Upstream upstream;
    private final ResponseCache cache;
    private final CacheRules rules;
    private final Clock clock;
    private final String nodeId;
    private final FillBodies bodies;
    private final HybridLogicalClock hlc;

    RangeFiller(Upstream upstream, ResponseCache cache, CacheRules rules, Clock clock, String nodeId,
                FillBodies bodies, HybridLogicalClock hlc) {
        this.upstream = upstream;
        this.cache = cache;
        this.rules = rules;
        this.clock = clock;
        this.nodeId = nodeId;
        this.bodies = bodies;
        this.hlc = hlc;
    }

    private static ByteBufFlux counted(ByteBufFlux body, Upstream.Source source) {
        return ByteBufFlux.fromInbound(body.doOnNext(buf -> source.received(buf.readableBytes())));
    }

    /**
     * Asks upstream (a parent tier or the origin) for {@code range} (a Range field value) of {@code request}'s URL.
     *
     * @param held    the parts held for this variant, whose validator goes in If-Range, or null
     * @param interim told of the origin's interim responses, or null
     */
    Mono<Outcome> fetch(ClientRequest request, String range, StoredResponse held, Consumer<HttpResponse> interim) {
        Headers.Builder fields = UpstreamHeaders.forFill(request, null, nodeId).newBuilder().set("Range", range);
        Optional<String> validator = held == null ? Optional.empty() : PartialResponses.ifRangeValidator(held);
        validator.ifPresent(v -> fields.set("If-Range", v));
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        long requestTime = clock.millis();
        InFlightFills.Fill started = cache.beginFill(hlc.now());
        upstream.get(request, fields.build(), interim,
                        (response, body, source) -> onResponse(request, outcome, requestTime, started, response, body,
                                source))
                .doFinally(signal -> started.close())
                .subscribe(ignored -> { }, error -> outcome.complete(
                        new Outcome.Failed(OriginFailure.of(error))));
        return Mono.fromFuture(outcome, true);
    }

    private Mono<Void> onResponse(ClientRequest request, CompletableFuture<Outcome> outcome, long requestTime,
                                  InFlightFills.Fill started, HttpClientResponse response, ByteBufFlux body,
                                  Upstream.Source source) {
        long responseTime = clock.millis();
        int status = response.status().code();
        Headers headers = Filler.storedHeaders(response.responseHeaders());
        long contentLength = Filler.contentLength(response.responseHeaders());
        if (status == 200) {
            Sinks.Empty<Void> released = Sinks.empty();
            outcome.complete(new Outcome.Whole(new Outcome.Relay(status, headers, contentLength,
                    counted(body, source).retain(), released)));
            return released.asMono();
        }
        Optional<ContentRange> place = status == 206 ? ContentRange.parse(headers.get("Content-Range")) : Optional.empty();
        boolean keep = place.isPresent() && contentLength == place.get().length() && cache.admitsLength(contentLength)
                && Storability.evaluate("GET", request.headers(), 200, headers, Directives.effective(headers, rules),
                rules, responseTime).storable()
                && PartialResponses.ifRangeValidator(headers).isPresent();
        if (!keep) {
            Sinks.Empty<Void> released = Sinks.empty();
            outcome.complete(new Outcome.Relay(status, headers, contentLength, counted(body, source).retain(), released));
            return released.asMono();
        }
        ContentRange where = place.get();
        StreamingBody streaming = bodies.newBody(contentLength);
        return body
                .doOnNext(buf -> {
                    source.received(buf.readableBytes());
                    FillBodies.append(streaming, buf);
                })
                .then(Mono.fromRunnable(() -> {
                    streaming.complete();
                    if (streaming.error() != null || streaming.available() != where.length()) {
                        outcome.complete(new Outcome.Failed(OriginFailure.SHORT_PART));
                        return;
                    }
                    Body bytes = streaming.toBody();
                    long filledAt = source.filledAt(started.startedAt());
                    StoredResponse part = StoredResponses.create(request.headers(), 206, headers,
                            PartialBody.of(where.completeLength(), where.first(), bytes), requestTime, responseTime, rules)
                            .withFilledAt(filledAt);
                    ResponseCache.PartStored stored = source.fromParent()
                            ? cache.storePartCopy(request.cacheKey(), part, filledAt, started.startedAt())
                            : cache.storePart(request.cacheKey(), part, started.startedAt());
                    outcome.complete(new Outcome.Held(stored.response(),
                            stored.outcome() == dev.geocdn.cache.store.StoreOutcome.STORED, bytes::release));
                }))
                .doOnError(error -> {
                    streaming.fail(error);
                    outcome.complete(new Outcome.Failed(OriginFailure.of(error)));
                })
                .then();
    }
}
