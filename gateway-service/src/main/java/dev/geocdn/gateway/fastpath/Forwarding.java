package dev.geocdn.gateway.fastpath;

import dev.geocdn.gateway.metrics.GatewayMetrics;
import dev.geocdn.gateway.proxy.AccessLog;
import dev.geocdn.gateway.proxy.Attempts;
import dev.geocdn.gateway.routing.geo.ClientInfo;
import dev.geocdn.gateway.routing.plan.Hop;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.tracing.HttpSpans;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.tracing.Span;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One request on the fast path, from its plan to the last byte of its response: tries the
 * plan's targets in order as {@link dev.geocdn.gateway.proxy.RegionRoutingFilter} does (an open
 * circuit is skipped, a failed connect and a target that closes or times out before answering
 * move the request, which is safe and bodiless, to the next target), then relays the response
 * to the client as it arrives, pausing the target while the client cannot take more.
 *
 * <p>Everything runs on the client connection's event loop; the upstream connection is of the
 * same loop ({@link UpstreamPool}), so no state here is shared between threads.
 */
final class Forwarding implements UpstreamHandler.Listener {

    private final FastPath path;
    private final ChannelHandlerContext client;
    private final HttpRequest request;
    private final HttpHeaders forwardHeaders;
    private final boolean head;
    private final boolean keepAlive;
    private final ClientInfo clientInfo;
    private final List<Hop> plan;
    private final Attempts attempts;
    private final Runnable onDone;
    private final long start;
    /** This hop's SERVER span, and the CLIENT span of the attempt in progress. */
    private final Span span;
    private Span attemptSpan = Span.NOOP;

    private int index = -1;
    private CircuitBreaker breaker;
    private long begin;
    private Channel upstream;
    private boolean reused;
    private boolean retriedStale;
    private boolean upstreamKeepAlive;
    private ScheduledFuture<?> timeout;
    private boolean responseStarted;
    private int status;
    private boolean done;

    Forwarding(FastPath path, ChannelHandlerContext client, HttpRequest request, HttpHeaders forwardHeaders,
               boolean keepAlive, ClientInfo clientInfo, List<Hop> plan, Attempts attempts, Runnable onDone,
               long start, Span span) {
        this.path = path;
        this.client = client;
        this.request = request;
        this.forwardHeaders = forwardHeaders;
        this.head = request.method().name().equals("HEAD");
        this.keepAlive = keepAlive;
        this.clientInfo = clientInfo;
        this.plan = plan;
        this.attempts = attempts;
        this.onDone = onDone;
        this.start = start;
        this.span = span;
    }

    void start() {
        if (plan.isEmpty()) {
            fail(503, "no healthy region can serve this request");
        } else {
            attempt(0);
        }
    }

    private void attempt(int next) {
        index = next;
        if (index >= plan.size()) {
            fail(attempts.exhaustedStatus(), attempts.exhaustedMessage());
            return;
        }
        Hop hop = plan.get(index);
        breaker = path.routing().breakers().of(hop.target());
        if (!breaker.tryAcquirePermission()) {
            attempts.skipped(hop, "circuit open", false);
            moveOn(GatewayMetrics.FailoverReason.CIRCUIT_OPEN);
            return;
        }
        attempts.trying(hop);
        Duration delay = path.routing().emulatedRtt().between(attempts.placement().region(), hop.region());
        if (delay.isZero()) {
            connect(hop, false);
        } else {
            client.executor().schedule(() -> connect(hop, false), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void connect(Hop hop, boolean fresh) {
        if (done) {
            breaker.releasePermission();
            return;
        }
        begin = System.nanoTime();
        startAttemptSpan(hop);
        path.pool().acquire(client.channel(), hop.base(), fresh, new UpstreamPool.Acquired() {
            @Override
            public void ready(Channel channel, boolean wasReused) {
                send(hop, channel, wasReused);
            }

            @Override
            public void failed(Throwable cause) {
                if (!done) {
                    notReached(hop, cause, false);
                }
            }
        });
    }

    private void send(Hop hop, Channel channel, boolean wasReused) {
        if (done) {
            breaker.releasePermission();
            path.pool().release(hop.base(), channel);
            return;
        }
        upstream = channel;
        reused = wasReused;
        channel.pipeline().get(UpstreamHandler.class).listen(this);
        path.tracing().inject(attemptSpan, forwardHeaders, HttpHeaders::set);
        channel.writeAndFlush(ForwardFields.request(request.method(), request.uri(), forwardHeaders))
                .addListener(written -> {
                    if (!written.isSuccess() && upstream == channel) {
                        channel.close(); // its handler reports the loss
                    }
                });
        timeout = channel.eventLoop().schedule(this::timedOut, path.responseTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onMessage(HttpObject message) {
        if (done) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpResponse response) {
            cancelTimeout();
            breaker.onSuccess(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
            responseStarted = true;
            status = response.status().code();
            upstreamKeepAlive = HttpUtil.isKeepAlive(response);
            ForwardFields.response(response, head, keepAlive);
            decorate(response);
        }
        if (message instanceof LastHttpContent) {
            Channel finished = upstream;
            upstream = null;
            finished.pipeline().get(UpstreamHandler.class).listen(null);
            if (upstreamKeepAlive) {
                path.pool().release(plan.get(index).base(), finished);
            } else {
                finished.close();
            }
            var write = client.writeAndFlush(message);
            if (!keepAlive) {
                write.addListener(ChannelFutureListener.CLOSE);
            }
            HttpSpans.end(attemptSpan, status, false);
            finish();
            return;
        }
        client.write(message, client.voidPromise());
        if (message instanceof HttpContent && !client.channel().isWritable()) {
            upstream.config().setAutoRead(false);
        }
    }

    @Override
    public void onReadComplete() {
        if (!done && responseStarted) {
            client.flush();
        }
    }

    /** The client can take more: reads from the target again. */
    void resume() {
        Channel channel = upstream;
        if (channel != null && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        cancelTimeout();
        Channel lost = upstream;
        upstream = null;
        if (done || lost == null) {
            return;
        }
        Hop hop = plan.get(index);
        if (responseStarted) {
            // part of the response is with the client: it can only learn of the loss by the close
            Throwable loss = cause == null ? new IOException("connection closed during the response") : cause;
            breaker.onError(System.nanoTime() - begin, TimeUnit.NANOSECONDS, loss);
            HttpSpans.failed(attemptSpan, loss);
            client.close();
            finish();
            return;
        }
        if (reused && !retriedStale) {
            // a pooled connection the target had closed meanwhile: once more on a new one, as
            // HTTP clients do, without counting it against the target
            retriedStale = true;
            HttpSpans.failed(attemptSpan, cause == null ? new IOException("pooled connection closed") : cause);
            connect(hop, true);
            return;
        }
        notReached(hop, cause == null ? new IOException("connection closed before the response") : cause, true);
    }

    private void timedOut() {
        if (done || responseStarted || upstream == null) {
            return;
        }
        Channel late = upstream;
        upstream = null;
        late.pipeline().get(UpstreamHandler.class).listen(null);
        late.close();
        notReached(plan.get(index), new IOException("no response within " + path.responseTimeout().toMillis() + " ms"),
                true);
    }

    /** The target did not answer: counted against its breaker, and the request goes on to the next target. */
    private void notReached(Hop hop, Throwable cause, boolean maybeSent) {
        breaker.onError(System.nanoTime() - begin, TimeUnit.NANOSECONDS, cause);
        HttpSpans.failed(attemptSpan, cause);
        boolean timedOut = maybeSent && !(cause instanceof ConnectException);
        attempts.skipped(hop, Attempts.describe(cause), timedOut);
        moveOn(timedOut ? GatewayMetrics.FailoverReason.NO_RESPONSE : GatewayMetrics.FailoverReason.CONNECT_FAILED);
    }

    private void moveOn(GatewayMetrics.FailoverReason reason) {
        if (index + 1 < plan.size()) {
            path.routing().metrics().failedOver(plan.get(index), plan.get(index + 1), reason);
        }
        attempt(index + 1);
    }

    /** No target answered: the same status and message as the filter chain's error. */
    private void fail(int code, String message) {
        status = code;
        HttpResponse error = ErrorResponses.of(code, request.uri(), message, head, keepAlive);
        decorate(error);
        var write = client.writeAndFlush(error);
        if (!keepAlive) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
        finish();
    }

    private void decorate(HttpResponse response) {
        HttpHeaders headers = response.headers();
        attempts.decorate(new Attempts.ResponseFields() {
            @Override
            public String joined(String name) {
                List<String> values = headers.getAll(name);
                return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(", ", values);
            }

            @Override
            public void set(String name, String value) {
                headers.set(name, value);
            }
        }, path.routing().ownStatus());
    }

    /** The client went away: the target's connection is mid-response and cannot be reused. */
    void clientClosed() {
        if (done) {
            return;
        }
        cancelTimeout();
        Channel channel = upstream;
        upstream = null;
        if (channel != null) {
            channel.pipeline().get(UpstreamHandler.class).listen(null);
            channel.close();
            if (!responseStarted) {
                breaker.releasePermission();
            }
            HttpSpans.failed(attemptSpan, new IOException("the client closed its connection"));
        }
        finish();
    }

    /**
     * The CLIENT span of an attempt at {@code hop}, from the connection's acquisition to the
     * response's end; a failover's later attempts count as resends, as the HTTP conventions say.
     */
    private void startAttemptSpan(Hop hop) {
        attemptSpan = path.tracing().child(span, Span.Kind.CLIENT, request.method().name());
        if (!attemptSpan.isNoop()) {
            attemptSpan.tag(HttpSpans.HTTP_REQUEST_METHOD, request.method().name());
            attemptSpan.tag(HttpSpans.URL_FULL, hop.base() + request.uri());
            attemptSpan.tag(HttpSpans.SERVER_ADDRESS, hop.base().getHost());
            attemptSpan.tag(HttpSpans.SERVER_PORT, hop.base().getPort());
            attemptSpan.tag(HttpSpans.GEOCDN_REGION, hop.region());
            attemptSpan.tag(HttpSpans.GEOCDN_UPSTREAM, hop.target());
            int resends = attempts.skippedCount() + (retriedStale ? 1 : 0);
            if (resends > 0) {
                attemptSpan.tag(HttpSpans.HTTP_REQUEST_RESEND_COUNT, resends);
            }
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        ReferenceCountUtil.release(request);
        path.answered();
        long nanos = System.nanoTime() - start;
        Hop served = attempts.current();
        try (HopTracing.Scope current = path.tracing().current(span)) { // the latency exemplar's trace
            path.routing().metrics().finished(attempts.placement().region(), served == null ? null : served.region(),
                    attempts.passedOver(), nanos);
        }
        HttpSpans.end(span, status, true);
        AccessLog log = path.routing().accessLog();
        if (log.enabled()) {
            String target = request.uri();
            int query = target.indexOf('?');
            log.record(new AccessLog.Line(request.method().name(), query < 0 ? target : target.substring(0, query),
                    status, clientInfo.clientAddress(), attempts.placement().region(), attempts.placement().source(),
                    served == null ? "-" : served.region() + "/" + served.target(), attempts.skippedCount(), nanos));
        }
        onDone.run();
    }
}
