package dev.geocdn.node.proxy;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.HopByHop;
import dev.geocdn.node.guard.RequestGuard;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 *
 * <p>Ordering: a 103 arrives on the origin connection's event loop, the final response may be
 * written from either loop (inline on the client's, when the origin answered before the client's
 * handler got to it). So hints are queued, written by a task on the client's loop, and whatever
 * is still queued is written by the response writer right before the final response's head
 * ({@link Relay#beforeHead()}): a hint can be late or, once the head is out, dropped, but never
 * written after or into the final response. They are written from right after the codec, so the
 * handlers behind it (Reactor Netty's keep-alive bookkeeping, the hit fast path's ordering) never
 * take one for the end of a response.
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
    Relay relayTo(HttpServerRequest request, HttpServerResponse response) {
        if (!enabled || !HttpVersion.HTTP_1_1.equals(request.version())) {
            return null;
        }
        Channel[] channel = new Channel[1];
        response.withConnection(connection -> channel[0] = connection.channel());
        return channel[0] == null ? null : new Relay(channel[0]);
    }

    /** One request's hints on their way to its client. */
    final class Relay implements Consumer<HttpResponse> {

        private final Channel channel;
        private final Queue<FullHttpResponse> pending = new ConcurrentLinkedQueue<>();
        private volatile boolean headWritten;

        private Relay(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void accept(HttpResponse interim) {
            if (interim.status().code() != HttpResponseStatus.EARLY_HINTS.code() || headWritten) {
                return;
            }
            DefaultFullHttpResponse hints = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.EARLY_HINTS, Unpooled.EMPTY_BUFFER);
            clientFields.copy(fields(interim), hints.headers()::add);
            pending.add(hints);
            channel.eventLoop().execute(this::drain);
        }

        /** Called by the response writer just before the final response's head: the rest go first. */
        void beforeHead() {
            headWritten = true;
            drain();
        }

        private void drain() {
            ChannelHandlerContext afterCodec = channel.pipeline().context(RequestGuard.NAME);
            for (FullHttpResponse hints; (hints = pending.poll()) != null; ) {
                if (afterCodec != null && channel.isActive()) {
                    afterCodec.writeAndFlush(hints);
                } else {
                    hints.release();
                }
            }
        }
    }

    private static Headers fields(HttpResponse interim) {
        Headers.Builder builder = Headers.EMPTY.newBuilder();
        for (Map.Entry<String, String> field : interim.headers()) {
            builder.add(field.getKey(), field.getValue());
        }
        return HopByHop.strip(builder.build()).newBuilder().removeAll("Content-Length").build();
    }
}
