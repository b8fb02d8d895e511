package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.StreamingBody;
import dev.geocdn.cache.conditional.NotModifiedHeaders;
import dev.geocdn.cache.conditional.PreconditionOutcome;
import dev.geocdn.cache.conditional.Preconditions;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.partial.PartialBody;
import dev.geocdn.cache.ranges.ByteRange;
import dev.geocdn.cache.ranges.MultipartByteRanges;
import dev.geocdn.cache.ranges.RangeDecision;
import dev.geocdn.cache.ranges.RangeRequests;
import dev.geocdn.node.shield.TierFields;
import dev.geocdn.protocol.http.CacheStatus;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.StoredResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes responses to clients: conditional requests answered with 304/412 (RFC 9110 section
 * 13), ranges sliced (section 14), Age and Cache-Status added, HEAD without a body, fields
 * addressed to the CDN left out ({@link ClientFields}).
 */
final class ResponseWriter {

    private final ClientFields clientFields;

    ResponseWriter(ClientFields clientFields) {
        this.clientFields = clientFields;
    }

    /** A body that can be read in ranges, stored or still filling. */
    interface BodySource {
        /** The length, or negative while unknown. */
        long length();

        /** {@code [from, to)}; {@code to} negative means to the end. */
        Flux<ByteBuf> read(long from, long to);

        static BodySource of(Body body) {
            return new BodySource() {
                @Override
                public long length() {
                    return body.length();
                }

                @Override
                public Flux<ByteBuf> read(long from, long to) {
                    return BodyStreams.stored(body, from, (to < 0 ? body.length() : to) - from);
                }
            };
        }

        static BodySource of(StreamingBody body) {
            return new BodySource() {
                @Override
                public long length() {
                    return body.isEnded() && body.error() == null ? body.available() : body.expectedLength();
                }

                @Override
                public Flux<ByteBuf> read(long from, long to) {
                    return BodyStreams.following(body, from, to);
                }
            };
        }
    }

    /** Serves a stored response. */
    Mono<Void> serveStored(Exchange exchange, HttpServerResponse response, StoredResponse stored, long nowMillis) {
        exchange.filledAt = stored.filledAt();
        return serve(exchange, response, stored.status(), stored.headers(), stored.ageSeconds(nowMillis),
                BodySource.of(stored.body()), nowMillis);
    }

    /**
     * Serves a response from the cache's point of view: preconditions and ranges are evaluated
     * against it, as the cache is the server here.
     */
    Mono<Void> serve(Exchange exchange, HttpServerResponse response, int status, Headers headers, long ageSeconds,
                     BodySource body, long nowMillis) {
        ClientRequest request = exchange.request;
        Instant now = Instant.ofEpochMilli(nowMillis);
        if (status == 200) {
            PreconditionOutcome precondition = Preconditions.evaluate(request.method(), request.headers(), headers, now);
            if (precondition == PreconditionOutcome.NOT_MODIFIED) {
                head(exchange, response, 304, NotModifiedHeaders.select(headers), ageSeconds);
                return response.send();
            }
            if (precondition == PreconditionOutcome.PRECONDITION_FAILED) {
                return error(exchange, response, 412, "precondition failed");
            }
            long length = body.length();
            if (length >= 0) {
                RangeDecision decision = RangeRequests.decide(request.method(), request.headers(), length, headers, now);
                if (decision instanceof RangeDecision.Unsatisfiable unsatisfiable) {
                    head(exchange, response, 416, headers, ageSeconds);
                    response.header(FieldNames.CONTENT_RANGE, unsatisfiable.contentRange());
                    response.header(FieldNames.CONTENT_LENGTH, "0");
                    return response.send();
                }
                if (decision instanceof RangeDecision.Partial partial) {
                    return servePartial(exchange, response, headers, ageSeconds, body, length, partial);
                }
            }
        }
        head(exchange, response, status, headers, ageSeconds);
        long length = body.length();
        if (length >= 0) {
            exchange.representationLength = length;
            response.header(FieldNames.CONTENT_LENGTH, Long.toString(length));
            if (status == 200) {
                response.header(FieldNames.ACCEPT_RANGES, "bytes");
            }
        }
        if (request.isHead() || status == 204 || status == 304) {
            return response.send();
        }
        return response.send(count(exchange, body.read(0, -1))).then();
    }

    /**
     * Serves {@code range} of a response the cache holds in parts (which cover it): a 206 with
     * the representation's complete length, as any other range of it would be.
     */
    Mono<Void> servePart(Exchange exchange, HttpServerResponse response, StoredResponse parts, ByteRange range,
                         long nowMillis) {
        long completeLength = ((PartialBody) parts.body()).completeLength();
        Headers headers = parts.headers().newBuilder().removeAll("Content-Range").build();
        return servePartial(exchange, response, headers, parts.ageSeconds(nowMillis), BodySource.of(parts.body()),
                completeLength, new RangeDecision.Partial(List.of(range)));
    }

    private Mono<Void> servePartial(Exchange exchange, HttpServerResponse response, Headers headers, long ageSeconds,
                                    BodySource body, long length, RangeDecision.Partial partial) {
        head(exchange, response, 206, headers, ageSeconds);
        response.header(FieldNames.ACCEPT_RANGES, "bytes");
        if (partial.ranges().size() == 1) {
            ByteRange range = partial.ranges().get(0);
            response.header(FieldNames.CONTENT_RANGE, range.contentRange(length));
            response.header(FieldNames.CONTENT_LENGTH, Long.toString(range.length()));
            if (exchange.request.isHead()) {
                return response.send();
            }
            return response.send(count(exchange, body.read(range.first(), range.last() + 1))).then();
        }
        MultipartByteRanges multipart = MultipartByteRanges.of(partial.ranges(), length, headers.get("Content-Type"),
                MultipartByteRanges.newBoundary(ThreadLocalRandom.current()));
        response.responseHeaders().set(FieldNames.CONTENT_TYPE, multipart.contentType());
        response.header(FieldNames.CONTENT_LENGTH, Long.toString(multipart.contentLength()));
        if (exchange.request.isHead()) {
            return response.send();
        }
        Flux<ByteBuf> parts = Flux.fromIterable(multipart.segments()).concatMap(segment -> switch (segment) {
            case MultipartByteRanges.Segment.Literal literal -> Flux.just(Unpooled.wrappedBuffer(literal.bytes()));
            case MultipartByteRanges.Segment.Slice slice -> body.read(slice.offset(), slice.offset() + slice.length());
        });
        return response.send(count(exchange, parts)).then();
    }

    /** A short text error; never a stack trace. */
    Mono<Void> error(Exchange exchange, HttpServerResponse response, int status, String message) {
        exchange.beforeHead();
        byte[] text = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.status = status;
        response.status(HttpResponseStatus.valueOf(status));
        response.header(FieldNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.header(FieldNames.CONTENT_LENGTH, Integer.toString(text.length));
        response.header(FieldNames.CACHE_CONTROL, "no-store");
        if (exchange.cacheStatus != null) {
            response.header(CacheStatus.FIELD, exchange.cacheStatus.toString());
        }
        if (exchange.request != null && exchange.request.isHead()) {
            return response.send();
        }
        return response.send(count(exchange, Mono.just(Unpooled.wrappedBuffer(text)))).then();
    }

    /**
     * Relays a response that is not served from the cache (pass-through), keeping the origin's
     * framing: its Content-Length when known, else chunked.
     */
    Mono<Void> relay(Exchange exchange, HttpServerResponse response, int status, Headers headers, long contentLength,
                     Flux<ByteBuf> body) {
        exchange.beforeHead();
        exchange.status = status;
        response.status(HttpResponseStatus.valueOf(status));
        copyFields(exchange, headers, response);
        if (contentLength >= 0) {
            exchange.representationLength = contentLength;
            response.header(FieldNames.CONTENT_LENGTH, Long.toString(contentLength));
        }
        appendCacheStatus(exchange, response, headers);
        if (exchange.request.isHead()) {
            return body.then().then(response.send());
        }
        return response.send(count(exchange, body)).then();
    }

    private void head(Exchange exchange, HttpServerResponse response, int status, Headers headers, long ageSeconds) {
        exchange.beforeHead();
        exchange.status = status;
        response.status(HttpResponseStatus.valueOf(status));
        copyFields(exchange, headers, response);
        response.responseHeaders().set(FieldNames.AGE, Long.toString(ageSeconds));
        appendCacheStatus(exchange, response, headers);
    }

    /**
     * The response's fields as a client gets them; a child tier gets them all (purge tags
     * included: it must be able to purge by them too) and the fill time of what is served.
     */
    private void copyFields(Exchange exchange, Headers headers, HttpServerResponse response) {
        if (!exchange.fromChildTier) {
            clientFields.copy(headers, response.responseHeaders()::add);
            return;
        }
        headers.forEach(response.responseHeaders()::add);
        if (exchange.filledAt >= 0) {
            response.responseHeaders().set(TierFields.FILLED_AT, TierFields.format(exchange.filledAt));
        }
    }

    private static void appendCacheStatus(Exchange exchange, HttpServerResponse response, Headers headers) {
        CacheStatus status = exchange.cacheStatus;
        if (status == null) {
            return;
        }
        // RFC 9211 section 2: caches closer to the client append their member to the right.
        response.responseHeaders().set(CacheStatus.FIELD, status.appendTo(headers.joined(CacheStatus.FIELD)));
    }

    private static Flux<ByteBuf> count(Exchange exchange, org.reactivestreams.Publisher<ByteBuf> body) {
        return Flux.from(body).doOnNext(buf -> exchange.bytesOut += buf.readableBytes());
    }
}
