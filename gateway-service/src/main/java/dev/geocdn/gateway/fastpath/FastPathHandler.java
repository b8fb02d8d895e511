package dev.geocdn.gateway.fastpath;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * One client connection's entry to the {@link FastPath}, placed right after the HTTP codec:
 * takes the requests the fast path serves, passes everything else on to Reactor Netty and
 * Spring Cloud Gateway unchanged.
 *
 * <p>Ordering (HTTP/1.1 pipelining): requests read while one is being forwarded wait here and
 * are taken in order when it is answered; while a request is with the filter chain, later ones
 * go there too, and the chain's last write for it ends that state. So responses never overtake
 * each other.
 */
final class FastPathHandler extends ChannelDuplexHandler {

    private final FastPath path;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>(2);
    private Forwarding current;
    private boolean chainInFlight;
    private boolean discardingBody;
    private FastPath.Peer peer;

    FastPathHandler(FastPath path) {
        this.path = path;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        peer = path.peer(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (current != null || !waiting.isEmpty()) {
            waiting.add(msg);
            return;
        }
        dispatch(ctx, msg);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (discardingBody && msg instanceof HttpContent) {
            discardingBody = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (!chainInFlight && path.applies() && FastPath.eligible(request)) {
                discardingBody = !(msg instanceof LastHttpContent);
                current = path.prepare(ctx, request, peer, () -> answered(ctx));
                current.start(); // may answer at once (no target), which ends it here
                return;
            }
            chainInFlight = true;
        }
        ctx.fireChannelRead(msg);
    }

    /** The fast path answered a request: the next waiting one is taken, or the next is read. */
    private void answered(ChannelHandlerContext ctx) {
        current = null;
        while (current == null && !waiting.isEmpty()) {
            dispatch(ctx, waiting.poll());
        }
        if (current == null && !chainInFlight && ctx.channel().isActive() && !ctx.channel().config().isAutoRead()) {
            // Reactor Netty reads on demand and asks again only for requests it answered
            ctx.read();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && current == null) {
            chainInFlight = false;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (current != null && ctx.channel().isWritable()) {
            current.resume();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Forwarding forwarding = current;
        if (forwarding != null) {
            forwarding.clientClosed();
        }
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
        super.channelInactive(ctx);
    }
}
