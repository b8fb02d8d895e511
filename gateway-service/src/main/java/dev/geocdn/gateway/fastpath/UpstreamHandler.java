package dev.geocdn.gateway.fastpath;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a pooled upstream connection: hands what the connection reads to the
 * request it now serves. A connection nobody listens to (idle in the pool) that receives
 * anything is out of step with its target and is closed.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    /** The request an upstream connection serves. */
    interface Listener {
        void onMessage(HttpObject message);

        void onReadComplete();

        /** The connection closed or failed; {@code cause} is null for a plain close. */
        void onClosed(Throwable cause);
    }

    private Listener listener;

    void listen(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Listener current = listener;
        if (current == null || !(msg instanceof HttpObject message)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.onMessage(message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Listener current = listener;
        if (current != null) {
            current.onReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Listener current = listener;
        listener = null;
        if (current != null) {
            current.onClosed(null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Listener current = listener;
        listener = null;
        ctx.close();
        if (current != null) {
            current.onClosed(cause);
        }
    }
}
