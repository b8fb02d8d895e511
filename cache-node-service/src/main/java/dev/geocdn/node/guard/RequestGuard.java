package dev.geocdn.node.guard;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Refuses request heads the node must not serve, on the connection itself, before any cache or
 * origin work: a head that takes too long to arrive (408), too many header fields (431), an HTTP
 * major version other than 1 (505), a body whose length cannot be known for certain (400). Each refusal answers with a short text and closes the
 * connection, since what follows on it can no longer be framed with confidence.
 *
 * <p>Slow heads: a client that sends its header section a few bytes at a time holds a
 * connection (and the memory of a partial head) for as long as it likes; read-idle timeouts do
 * not catch it, because every byte resets them. So the clock starts at the first byte of a
 * request and stops when its head is decoded, as nginx's {@code client_header_timeout} and
 * Apache's {@code mod_reqtimeout} do. A connection between requests is bounded by the keep-alive
 * timeout instead: a connection with no request in progress (none being read, no response being
 * written) is closed once it has been idle that long, checked by the same one timer. The limits
 * on the head's size (431, 414) are the codec's.
 *
 * <p>Framing (RFC 9112 section 6): the codec already refuses a request with both
 * Transfer-Encoding and Content-Length, or with conflicting lengths; a Transfer-Encoding whose
 * final coding is not {@code chunked} leaves the length unknowable and is refused here (section
 * 6.3: "MUST respond with 400 and then close"), as is one in an HTTP/1.0 request (section 6.1).
 * Obsolete line folding is replaced by a space by the codec, as section 5.2 allows.
 *
 * <p>RFC 9110 section 2.5 and 6.2: a 1.x minor version above 1 is served as 1.1; another
 * major version is answered 505 (section 15.6.6).
 *
 * <p>Concurrency: one instance per connection, confined to its event loop. {@link #install}
 * places a byte watcher before the HTTP codec and this handler right after it.
 */
public final class RequestGuard extends ChannelDuplexHandler {

    /** The handler's name, right after the HTTP codec. */
    public static final String NAME = "geocdn.requestGuard";
    /** The byte watcher's name, right before the HTTP codec. */
    public static final String TIMER_NAME = "geocdn.requestHeadTimer";

    private final long headTimeoutNanos;
    private final long keepAliveNanos;
    private final Duration headTimeout;
    private final int maxFields;
    /** Requests read whose response has not been written to its end. */
    private int responsesPending;
    /** Since when nothing is awaited or pending (System.nanoTime); meaningful only while idle. */
    private long idleSinceNanos;
    /** Between a request head's first byte and its decoding. */
    private boolean awaitingHead;
    /** Between a request head's decoding and its last content. */
    private boolean inRequest;
    /** Refused: everything else read on the connection is dropped until it closes. */
    private boolean refused;
    /** When the head being awaited began to arrive (System.nanoTime). */
    private long headStartedNanos;
    /**
     * The one check armed on this connection, or null. It is not cancelled when a head arrives in
     * time or a request starts: when it fires it re-arms for what is then awaited (a head, or the
     * end of an idle spell), so a keep-alive connection costs one timer per timeout period rather
     * than one per request.
     */
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext context;

    private RequestGuard(Duration headTimeout, Duration keepAlive, int maxFields) {
        this.headTimeout = headTimeout;
        this.headTimeoutNanos = headTimeout.toNanos();
        this.keepAliveNanos = keepAlive.toNanos();
        this.maxFields = maxFields;
    }

    /**
     * Adds the guard around the HTTP server codec named {@code codecName}.
     *
     * @param headTimeout the longest time from a request's first byte to its decoded head
     * @param keepAlive   the longest a connection stays open with no request in progress
     * @param maxFields   the most header fields one request may carry
     */
    public static RequestGuard install(ChannelPipeline pipeline, String codecName, Duration headTimeout,
                                       Duration keepAlive, int maxFields) {
        RequestGuard guard = new RequestGuard(headTimeout, keepAlive, maxFields);
        pipeline.addAfter(codecName, NAME, guard);
        pipeline.addBefore(codecName, TIMER_NAME, guard.new HeadTimer());
        return guard;
    }

    /** The most header fields a request may carry. */
    public int maxFields() {
        return maxFields;
    }

    /**
     * A request head that was read and answered before the codec (the node's raw hit path): it
     * is no longer awaited, and with nothing else in progress the connection is idle again. When
     * bytes of a next request were read with it, that head's clock starts now.
     */
    public void answeredBeforeCodec(boolean nextBytesRead) {
        awaitingHead = false;
        if (nextBytesRead) {
            bytesArrived();
        } else if (responsesPending == 0 && !inRequest) {
            idleSinceNanos = System.nanoTime();
            arm(keepAliveNanos);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        idleSinceNanos = System.nanoTime(); // a new connection waits for its first request
        arm(keepAliveNanos);
    }

    /** Counts a response's end: the connection is idle again once none is pending and no head is awaited. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && responsesPending > 0 && --responsesPending == 0
                && !awaitingHead && !inRequest) {
            idleSinceNanos = System.nanoTime();
            arm(keepAliveNanos);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            awaitingHead = false;
            responsesPending++;
            inRequest = !(msg instanceof LastHttpContent);
            if (request.decoderResult().isSuccess()) {
                HttpResponseStatus refusal = refusal(request);
                if (refusal != null) {
                    ReferenceCountUtil.release(msg);
                    refuse(refusal, refusal == HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED
                            ? "HTTP/" + request.protocolVersion().majorVersion() + " is not supported; use HTTP/1.1"
                            : refusal == HttpResponseStatus.BAD_REQUEST
                            ? "the body's length cannot be determined: Transfer-Encoding must end in chunked (HTTP/1.1)"
                            : "more than " + maxFields + " header fields");
                    return;
                }
            }
        } else if (msg instanceof LastHttpContent) {
            inRequest = false;
        }
        ctx.fireChannelRead(msg);
    }

    private HttpResponseStatus refusal(HttpRequest request) {
        if (request.protocolVersion().majorVersion() != 1) {
            return HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED;
        }
        if (request.headers().size() > maxFields) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
            if (request.protocolVersion().minorVersion() == 0 || !endsInChunked(codings)) {
                return HttpResponseStatus.BAD_REQUEST;
            }
        }
        return null;
    }

    private static boolean endsInChunked(List<String> fields) {
        String last = fields.getLast();
        String coding = last.substring(last.lastIndexOf(',') + 1).strip();
        return coding.equalsIgnoreCase("chunked");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.fireChannelInactive();
    }

    private void bytesArrived() {
        if (!awaitingHead && !inRequest && !refused) {
            awaitingHead = true;
            headStartedNanos = System.nanoTime();
            arm(headTimeoutNanos);
        }
    }

    /**
     * Arms the check in {@code nanos}, but never later than one head timeout ahead, unless one is
     * armed already: an armed check is never further away than a head timeout, so a head whose
     * first byte arrives meanwhile is still checked on time (the check re-arms for what is left).
     */
    private void arm(long nanos) {
        if (timer == null && !refused) {
            timer = context.executor().schedule(this::check, Math.min(nanos, headTimeoutNanos), TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        if (refused || !context.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (awaitingHead) {
            long left = headTimeoutNanos - (now - headStartedNanos);
            if (left <= 0) {
                refuse(HttpResponseStatus.REQUEST_TIMEOUT, "the request head did not arrive within "
                        + headTimeout.toMillis() + " ms");
                return;
            }
            arm(left);
        } else if (responsesPending == 0 && !inRequest) {
            long left = keepAliveNanos - (now - idleSinceNanos);
            if (left <= 0) {
                context.close(); // idle past the keep-alive bound: nothing to answer, close quietly
                return;
            }
            arm(left);
        }
        // otherwise a response is in progress: its end arms the check again
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void refuse(HttpResponseStatus status, String message) {
        refused = true;
        awaitingHead = false;
        cancelTimer();
        ByteBuf body = Unpooled.copiedBuffer(message + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Sees a request's raw bytes before the codec does, to start the head's clock. */
    private final class HeadTimer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            bytesArrived();
            ctx.fireChannelRead(msg);
        }
    }
}
