package dev.geocdn.node.proxy;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HopByHop;
import dev.geocdn.node.guard.RequestGuard;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Passes the origin's {@code 103 Early Hints} (RFC 8297) on to the client whose request caused
 * the fetch, ahead of the final response, so a browser can start preloading while the origin
 * is still working; every other interim response (102, 100) belongs to the hop and is dropped.
 *
 * <p>RFC 9110 section 15.2: a server must not send a 1xx response to an HTTP/1.0 client, so
 * only HTTP/1.1 clients get them; nor once the final response has begun. Hop-by-hop fields and
 * the fields addressed to the CDN ({@link ClientFields}) are removed as from any response. A 103
 * is never stored, and only the client of the fetch sees it: collapsed requests that follow a
 * fill get the final response alone, as they would from a cache hit.
 */
public final class EarlyHints {

    private final boolean enabled;
    private final ClientFields clientFields;

    /**
     * @param enabled      pass 103 responses on; off drops them
     * @param clientFields which fields reach clients
     */
    public EarlyHints(boolean enabled, ClientFields clientFields) {
        this.enabled = enabled;
        this.clientFields = clientFields;
    }

    /** Where the interim responses for this request go, or null when they go nowhere. */
    Consumer<HttpResponse> relayTo(HttpServerRequest request, HttpServerResponse response) {
        if (!enabled || !HttpVersion.HTTP_1_1.equals(request.version())) {
            return null;
        }
        return interim -> {
            if (interim.status().code() != HttpResponseStatus.EARLY_HINTS.code() || response.hasSentHeaders()) {
                return;
            }
            DefaultFullHttpResponse hints = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.EARLY_HINTS, Unpooled.EMPTY_BUFFER);
            clientFields.copy(fields(interim), hints.headers()::add);
            response.withConnection(connection -> {
                // written from right after the codec, so the handlers behind it (Reactor Netty's
                // keep-alive and pipelining bookkeeping, the hit fast path's ordering) never take
                // this message for the end of the response
                ChannelHandlerContext afterCodec = connection.channel().pipeline().context(RequestGuard.NAME);
                if (afterCodec != null) {
                    afterCodec.writeAndFlush(hints);
                } else {
                    hints.release();
                }
            });
        };
    }

    private static Headers fields(HttpResponse interim) {
        Headers.Builder builder = Headers.EMPTY.newBuilder();
        for (Map.Entry<String, String> field : interim.headers()) {
            builder.add(field.getKey(), field.getValue());
        }
        return HopByHop.strip(builder.build()).newBuilder().removeAll("Content-Length").build();
    }
}
