package dev.geocdn.edge.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

import java.util.function.Consumer;

/**
 * Takes interim responses (1xx other than 101) out of an HTTP/1.1 client connection's inbound
 * messages, so that the HTTP client above it sees only the final response.
 *
 * <p>RFC 9110 section 15.2: a 1xx response is not final; the server sends the final response to
 * the same request after it, and a client must be able to parse one or more 1xx responses before
 * it even if it does not expect them. Reactor Netty's client, like most, reads the first response
 * head of an exchange as the answer (it special-cases only {@code 100 Continue} it asked for), so
 * an origin that sends {@code 103 Early Hints} or {@code 102 Processing} first would have its
 * final response left unread. Netty's decoder already frames each 1xx as a head with an empty
 * body and keeps the next head matched to the same request; this handler drops both parts and
 * hands the head to the listener set for the exchange on the channel ({@link #LISTENER}), which
 * may forward a 103 to its own client. Nothing of an interim response is ever cached.
 *
 * <p>Concurrency: one instance per channel, used on the channel's event loop only. When the
 * channel does not read by itself (Reactor Netty reads on demand), a dropped message asks for
 * the next read, since nobody above will.
 */
public final class InterimResponses extends ChannelInboundHandlerAdapter {

    /** The handler's name in the pipeline. */
    public static final String NAME = "geocdn.interimResponses";

    /**
     * The listener of the exchange in progress on a channel, told of each interim response head;
     * set before each request is written (null for none), since pooled connections carry many.
     */
    public static final AttributeKey<Consumer<HttpResponse>> LISTENER =
            AttributeKey.valueOf("geocdn.interimResponseListener");

    /** Whether the rest of an interim response (its empty body) is still to be dropped. */
    private boolean inInterim;

    /**
     * Adds the handler right after the HTTP client codec named {@code codecName}, when the
     * pipeline has one (an HTTP/2 pipeline does not: there interim responses are their own frames).
     *
     * @return whether it was added
     */
    public static boolean install(ChannelPipeline pipeline, String codecName) {
        if (pipeline.get(codecName) == null || pipeline.get(NAME) != null) {
            return false;
        }
        pipeline.addAfter(codecName, NAME, new InterimResponses());
        return true;
    }

    /** Sets (or clears, with null) the listener of the next exchange on {@code channel}. */
    public static void listen(Channel channel, Consumer<HttpResponse> listener) {
        channel.attr(LISTENER).set(listener);
    }

    /** Whether {@code response} is an interim response (1xx, except 101 which changes protocols). */
    public static boolean isInterim(HttpResponse response) {
        return response.status().codeClass() == HttpStatusClass.INFORMATIONAL && response.status().code() != 101;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse response && isInterim(response)) {
            inInterim = !(msg instanceof LastHttpContent);
            try {
                Consumer<HttpResponse> listener = ctx.channel().attr(LISTENER).get();
                if (listener != null) {
                    listener.accept(response);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
            readOnDemand(ctx);
            return;
        }
        if (inInterim && msg instanceof HttpContent content) {
            inInterim = !(content instanceof LastHttpContent);
            content.release();
            readOnDemand(ctx);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static void readOnDemand(ChannelHandlerContext ctx) {
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }
}
