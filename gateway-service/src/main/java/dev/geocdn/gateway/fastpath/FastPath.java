package dev.geocdn.gateway.fastpath;

import dev.geocdn.gateway.proxy.Attempts;
import dev.geocdn.gateway.proxy.ClientInfoReader;
import dev.geocdn.gateway.proxy.Routing;
import dev.geocdn.gateway.routing.geo.ClientInfo;
import dev.geocdn.gateway.routing.geo.Placement;
import dev.geocdn.gateway.routing.plan.Hop;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.tracing.HttpSpans;
import io.micrometer.tracing.Span;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's fast path: bodiless GET and HEAD requests, what a CDN's users send almost
 * exclusively, forwarded by a Netty handler under Spring Cloud Gateway instead of through its
 * filter chain, whose per-request cost (exchange, attributes, header filters, observations,
 * a Reactor pipeline per request) is several times the hop's own. Placement, planning,
 * breakers, failover, the response fields, metrics and the access log are the same objects the
 * filter chain uses ({@link Routing}), so the two paths answer alike; everything else (other
 * methods, bodies, upgrades, HTTP/1.0) takes the filter chain.
 *
 * <p>It stands aside while routes other than GeoCDN's own are configured
 * ({@link #applies(boolean)}): those are Spring Cloud Gateway's to serve.
 */
public final class FastPath implements AutoCloseable {

    private final Routing routing;
    private final UpstreamPool pool;
    private final Duration responseTimeout;
    private final HopTracing tracing;
    private final Counter requests;
    private volatile boolean applies;

    public FastPath(Routing routing, int maxIdlePerTarget, Duration connectTimeout, Duration responseTimeout,
                    MeterRegistry meters, HopTracing tracing) {
        this.routing = routing;
        this.tracing = tracing;
        this.requests = Counter.builder("geocdn.gateway.fast.path.requests")
                .description("Requests forwarded by the fast path rather than Spring Cloud Gateway's filter chain")
                .register(meters);
        Gauge.builder("geocdn.gateway.fast.path", this, f -> f.applies() ? 1 : 0)
                .description("1 while bodiless GET and HEAD requests take the fast path, 0 while other routes "
                        + "make them take Spring Cloud Gateway's filter chain")
                .register(meters);
        this.pool = new UpstreamPool(maxIdlePerTarget, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.responseTimeout = responseTimeout;
    }

    Routing routing() {
        return routing;
    }

    UpstreamPool pool() {
        return pool;
    }

    Duration responseTimeout() {
        return responseTimeout;
    }

    HopTracing tracing() {
        return tracing;
    }

    /** Counts a request the fast path answered (metrics of where it was served are {@link Routing}'s). */
    void answered() {
        requests.increment();
    }

    /** Whether requests take the fast path now: only while GeoCDN's route is the only one. */
    public boolean applies() {
        return applies;
    }

    public void applies(boolean applies) {
        this.applies = applies;
    }

    /** Whether {@code request} is one the fast path forwards exactly as the filter chain would. */
    static boolean eligible(HttpRequest request) {
        HttpMethod method = request.method();
        if ((method != HttpMethod.GET && method != HttpMethod.HEAD) || !request.decoderResult().isSuccess()
                || request.protocolVersion() != HttpVersion.HTTP_1_1) {
            return false;
        }
        HttpHeaders headers = request.headers();
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if ((length != null && !length.equals("0")) || headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
                || headers.contains(HttpHeaderNames.UPGRADE) || headers.contains(HttpHeaderNames.EXPECT)) {
            return false;
        }
        String uri = request.uri();
        return !uri.isEmpty() && uri.charAt(0) == '/' && headers.getAll(HttpHeaderNames.HOST).size() == 1;
    }

    /**
     * What a client connection keeps between its requests: its peer, whether that is a trusted
     * proxy, and the {@code Forwarded} chain of the last Host it named, which for an untrusted
     * peer is the same for every request with that Host.
     */
    static final class Peer {
        final InetAddress address;
        final boolean trusted;
        private String host;
        private List<String> forwarded;

        Peer(InetAddress address, boolean trusted) {
            this.address = address;
            this.trusted = trusted;
        }
    }

    Peer peer(ChannelHandlerContext ctx) {
        InetAddress address = ctx.channel().remoteAddress() instanceof InetSocketAddress socket
                && socket.getAddress() != null ? socket.getAddress() : InetAddress.getLoopbackAddress();
        return new Peer(address, routing.clients().trusts(address));
    }

    /** The forwarding of {@code request}, to start; {@code onDone} runs on the client's loop once it is answered. */
    Forwarding prepare(ChannelHandlerContext ctx, HttpRequest request, Peer peer, Runnable onDone) {
        long start = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(request); // read before the hop-by-hop fields go
        HttpHeaders headers = request.headers();
        ClientInfoReader.Fields fields = headers::getAll;
        ClientInfoReader clients = routing.clients();
        ClientInfo client = clients.read(peer.address, peer.trusted, fields);
        Placement placement = routing.place(client);
        String scheme = clients.publicScheme("http", client, fields);
        String hostField = headers.get(HttpHeaderNames.HOST);
        String host = hostField.toLowerCase(Locale.ROOT);
        List<Hop> plan = routing.plan(placement, scheme + "://" + host + request.uri());
        List<String> forwarded;
        if (peer.trusted) {
            forwarded = clients.forwarded(fields, client, scheme);
        } else if (hostField.equals(peer.host)) {
            forwarded = peer.forwarded;
        } else {
            forwarded = clients.forwarded(fields, client, scheme);
            peer.host = hostField;
            peer.forwarded = forwarded;
        }
        HttpHeaders forwardHeaders = ForwardFields.requestHeaders(request, forwarded);
        Span span = tracing.server(headers, HttpHeaders::get, request.method().name());
        if (!span.isNoop()) {
            HttpSpans.request(span, request.method().name(), scheme, request.uri());
            span.tag(HttpSpans.SERVER_ADDRESS, host);
            span.tag(HttpSpans.CLIENT_ADDRESS, client.clientAddress().getHostAddress());
            span.tag(HttpSpans.GEOCDN_REGION, placement.region());
        }
        return new Forwarding(this, ctx, request, forwardHeaders, keepAlive, client, plan, new Attempts(placement),
                onDone, start, span);
    }

    @Override
    public void close() {
        pool.close();
    }
}
