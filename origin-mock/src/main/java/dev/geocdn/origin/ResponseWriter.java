package dev.geocdn.origin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Turns a route's {@link Content} into the HTTP response: applies the request's controls, answers
 * 304 for matching conditionals, 206/416 for ranges, omits the body for HEAD and paces the body for
 * {@code delay=} and {@code trickle=} with timers, never by blocking a thread.
 */
final class ResponseWriter {

    static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";
    static final String SURROGATE_KEY = "Surrogate-Key";
    static final String CACHE_TAG = "Cache-Tag";

    private ResponseWriter() {
    }

    /**
     * Writes the response. Headers are prepared at once (so invalid values surface as a 400), the
     * response is sent after {@code delay=} milliseconds.
     */
    static Mono<Void> write(HttpServerRequest request, HttpServerResponse response,
                            ResponseControls controls, Content content) {
        Mono<Void> send = prepare(request, response, controls, content);
        Mono<Void> interim = interim(response, controls);
        if (controls.delayMillis() <= 0) {
            return interim.then(send);
        }
        return interim.then(Mono.delay(Duration.ofMillis(controls.delayMillis())))
                .then(Mono.defer(() -> {
                    if (controls.date() == null) {
                        response.header(HttpHeaderNames.DATE, HttpDates.format(Instant.now()));
                    }
                    return send;
                }));
    }

    /**
     * Writes the {@code interim=} responses straight to the connection, ahead of the final one;
     * a 103 carries a preload {@code Link} and an {@code X-Interim} field that no final response has.
     */
    private static Mono<Void> interim(HttpServerResponse response, ResponseControls controls) {
        if (controls.interim().isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            Mono<Void> written = Mono.empty();
            for (int code : controls.interim()) {
                written = written.then(Mono.<Void>create(sink -> response.withConnection(connection -> {
                    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(code).append(' ')
                            .append(HttpResponseStatus.valueOf(code).reasonPhrase()).append("\r\n");
                    if (code == 103) {
                        head.append("Link: </style.css>; rel=preload; as=style\r\n");
                    }
                    head.append("X-Interim: ").append(code).append("\r\n\r\n");
                    // raw bytes from the codec's place in the pipeline: neither the encoder nor Reactor
                    // Netty's response bookkeeping takes them for the response, as on a real origin
                    ChannelHandlerContext codec = connection.channel().pipeline().context(NettyPipeline.HttpCodec);
                    codec.writeAndFlush(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1)).addListener(future -> {
                        if (future.isSuccess()) {
                            sink.success();
                        } else {
                            sink.error(future.cause());
                        }
                    });
                })));
            }
            return written;
        });
    }

    private static Mono<Void> prepare(HttpServerRequest request, HttpServerResponse response,
                                      ResponseControls controls, Content content) {
        Instant now = Instant.now();
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        boolean readOnly = head || HttpMethod.GET.equals(method);
        int status = controls.status() != null ? controls.status() : content.status();
        boolean success = status >= 200 && status < 300;
        Body body = content.body();
        String contentType = first(controls.contentType(), content.contentType());
        boolean replacesBody = !success && content.status() < 300;
        if (replacesBody) {
            body = Body.text(status + " " + HttpResponseStatus.valueOf(status).reasonPhrase() + "\n");
            contentType = first(controls.contentType(), Content.TEXT);
        }
        String etag = first(controls.etag(), content.etag());
        String lastModified = controls.lastModified() != null
                ? HttpDates.fromControl(controls.lastModified(), now) : content.lastModified();
        String date = controls.date() != null ? HttpDates.fromControl(controls.date(), now) : HttpDates.format(now);
        String cacheControl = first(controls.cacheControl(), content.cacheControl());

        HttpHeaders headers = response.responseHeaders();
        set(headers, HttpHeaderNames.DATE, date);
        set(headers, HttpHeaderNames.CACHE_CONTROL, cacheControl);
        set(headers, CDN_CACHE_CONTROL, controls.cdnCacheControl());
        set(headers, HttpHeaderNames.EXPIRES, controls.expires());
        set(headers, HttpHeaderNames.ETAG, etag);
        set(headers, HttpHeaderNames.LAST_MODIFIED, lastModified);
        set(headers, HttpHeaderNames.VARY, controls.vary());

        HttpHeaders requestHeaders = request.requestHeaders();
        if (success && readOnly && Conditionals.notModified(joined(requestHeaders, HttpHeaderNames.IF_NONE_MATCH),
                requestHeaders.get(HttpHeaderNames.IF_MODIFIED_SINCE), etag, lastModified)) {
            response.status(HttpResponseStatus.NOT_MODIFIED);
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            return Mono.defer(response::send);
        }

        set(headers, HttpHeaderNames.CONTENT_TYPE, contentType);
        set(headers, HttpHeaderNames.AGE, controls.age());
        set(headers, SURROGATE_KEY, controls.surrogateKey());
        set(headers, CACHE_TAG, controls.cacheTag());
        set(headers, HttpHeaderNames.LOCATION, controls.location());
        for (String cookie : controls.setCookies()) {
            headers.add(HttpHeaderNames.SET_COOKIE, cookie);
        }
        for (Map.Entry<String, String> extra : controls.extraHeaders()) {
            headers.add(extra.getKey(), extra.getValue());
        }

        long from = 0;
        long count = body.length();
        if (content.rangeable() && !replacesBody) {
            headers.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
            String range = requestHeaders.get(HttpHeaderNames.RANGE);
            if (status == 200 && HttpMethod.GET.equals(method) && range != null
                    && Conditionals.ifRangeAllows(requestHeaders.get(HttpHeaderNames.IF_RANGE), etag, lastModified)) {
                switch (ByteRange.parse(range, body.length())) {
                    case ByteRange.Part part -> {
                        status = 206;
                        from = part.first();
                        count = part.count();
                        headers.set(HttpHeaderNames.CONTENT_RANGE, part.contentRange(body.length()));
                    }
                    case ByteRange.Unsatisfiable unsatisfiable -> {
                        headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + body.length());
                        headers.set(HttpHeaderNames.CONTENT_TYPE, Content.TEXT);
                        status = 416;
                        body = Body.text("416 Range Not Satisfiable: bytes */" + body.length() + "\n");
                        count = body.length();
                    }
                    case ByteRange.Whole whole -> {
                        // ignored: send the whole representation
                    }
                }
            }
        }

        response.status(status);
        if (status == 204 || status == 304) {
            headers.remove(HttpHeaderNames.CONTENT_TYPE);
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            return Mono.defer(response::send);
        }
        if (controls.chunked()) {
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        } else {
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            headers.set(HttpHeaderNames.CONTENT_LENGTH, count);
        }
        if (head) {
            return Mono.defer(response::send);
        }
        Flux<ByteBuf> data = controls.trickleMillis() > 0
                ? trickle(body, from, count, controls.chunks(), controls.trickleMillis())
                : body.slice(from, count);
        return Mono.defer(() -> response.send(data).then());
    }

    /** The body split into {@code chunks} pieces with a pause before every piece but the first. */
    static Flux<ByteBuf> trickle(Body body, long from, long count, int chunks, long pauseMillis) {
        int pieces = (int) Math.max(1, Math.min(chunks, count));
        Duration pause = Duration.ofMillis(pauseMillis);
        return Flux.range(0, pieces).concatMap(i -> {
            long start = from + count * i / pieces;
            long end = from + count * (i + 1) / pieces;
            Flux<ByteBuf> piece = body.slice(start, end - start);
            return i == 0 ? piece : Mono.delay(pause).thenMany(piece);
        }, 1);
    }

    private static void set(HttpHeaders headers, CharSequence name, String value) {
        if (value != null) {
            headers.set(name, value);
        }
    }

    private static String first(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static String joined(HttpHeaders headers, CharSequence name) {
        var values = headers.getAll(name);
        return values.isEmpty() ? null : String.join(",", values);
    }
}
