package dev.geocdn.node.proxy;

import dev.geocdn.node.shield.TierFields;

import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.ConsistencyRules;
import dev.geocdn.cache.freshness.Reuse;
import dev.geocdn.cache.freshness.ReuseDecision;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.http.RequestFields;
import dev.geocdn.protocol.http.CacheStatus;
import dev.geocdn.cache.partial.PartialResponses;
import dev.geocdn.cache.store.Lookup;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.node.metrics.NodeMetrics;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.tracing.HttpSpans;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.time.Clock;
import java.util.List;

/**
 * The hit fast path: a Netty handler placed right after the HTTP codec that answers the most
 * common request of an edge cache, a plain GET or HEAD of a fresh stored object, without
 * entering Reactor Netty's request machinery; everything else goes on to {@link EdgeHandler}
 * unchanged.
 *
 * <p>"Plain" means what the full path would answer with the stored response as it is: no
 * conditional or range fields, no credentials, no client cache directives
 * that this node honours, a fresh entry (RFC 9111 section 4.2) that the path's consistency lets
 * be reused without the origin (never on a strong path, nor past a bounded path's bound: the
 * same {@link ReuseDecision} as the full path decides). The response is the same the
 * full path sends (Age, Cache-Status, Content-Length, Accept-Ranges), encoded by the same
 * codec, so HEAD handling and keep-alive stay the codec's.
 *
 * <p>Ordering: one instance per connection. While a request is being answered by the full
 * path, later requests on that connection (HTTP/1.1 pipelining) also take the full path, so
 * responses can never overtake each other; the full path's last write ends that state.
 */
public final class HitFastPath extends ChannelDuplexHandler {

    /** What every connection's handler shares. */
    public record Shared(ResponseCache cache, CacheRules rules, ConsistencyRules consistency, Clock clock,
                         NodeMetrics metrics, AccessLog accessLog, String nodeId, TrustedProxies trustedProxies,
                         ClientFields clientFields, RequestHooks hooks, HopTracing tracing, String region) {

        /**
         * The SERVER span of a hit a fast path answers, as the full path would make it, to end
         * with {@link HttpSpans#end} once the answer is written: made only when the request's
         * {@code traceparent} says its trace is sampled ({@code sampled}), the decision a gateway
         * or the client made. A hit sends nothing on, so an unsampled or untraced one has no
         * context to pass and needs no span: {@link Span#NOOP}, without an allocation.
         */
        <C> Span hitSpan(boolean sampled, C request, Propagator.Getter<C> fields, String method, String cacheKey,
                         String host, String target) {
            if (!sampled || !tracing.on()) {
                return Span.NOOP;
            }
            Span span = tracing.server(request, fields, method);
            if (!span.isNoop()) {
                HttpSpans.request(span, method, cacheKey.substring(0, cacheKey.indexOf(':')), target);
                span.tag(HttpSpans.SERVER_ADDRESS, host);
                span.tag(HttpSpans.GEOCDN_CACHE_RESULT, "hit");
                span.tag(HttpSpans.GEOCDN_NODE, nodeId);
                span.tag(HttpSpans.GEOCDN_REGION, region);
            }
            return span;
        }
    }

    private static final List<CharSequence> FULL_PATH_FIELDS = List.of(HttpHeaderNames.RANGE,
            HttpHeaderNames.IF_NONE_MATCH, HttpHeaderNames.IF_MODIFIED_SINCE, HttpHeaderNames.IF_MATCH,
            HttpHeaderNames.IF_UNMODIFIED_SINCE, HttpHeaderNames.IF_RANGE, HttpHeaderNames.AUTHORIZATION,
            HttpHeaderNames.EXPECT, RequestHooks.PREFETCH_FIELD, TierFields.TIER);

    // made once: the factories are immutable, and a new one per response was measurable garbage
    private static final DefaultHttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final DefaultHttpHeadersFactory TRAILERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private final Shared shared;
    private boolean fullPathInFlight;
    private boolean discardingBody;
    /** Whether the peer is a trusted proxy: asked once per connection, as its address never changes. */
    private Boolean peerTrusted;
    /** The last hit's Cache-Status entry and its ttl: hits within the same second share it. */
    private long statusTtl = -1;
    private String status;

    public HitFastPath(Shared shared) {
        this.shared = shared;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (discardingBody && msg instanceof HttpContent) {
            discardingBody = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            readNextRequest(ctx);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (!fullPathInFlight && answer(ctx, request)) {
                discardingBody = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                readNextRequest(ctx);
                return;
            }
            fullPathInFlight = true;
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Reactor Netty reads on demand (auto-read off) and asks for the next request only after it
     * answered one; a request answered here must ask for the next one itself.
     */
    private void readNextRequest(ChannelHandlerContext ctx) {
        if (!discardingBody && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            fullPathInFlight = false;
        }
        ctx.write(msg, promise);
    }

    private boolean answer(ChannelHandlerContext ctx, HttpRequest request) {
        long start = System.nanoTime();
        HttpMethod method = request.method();
        boolean head = method == HttpMethod.HEAD;
        if ((method != HttpMethod.GET && !head) || !request.decoderResult().isSuccess()) {
            return false;
        }
        HttpHeaders fields = request.headers();
        for (CharSequence name : FULL_PATH_FIELDS) {
            if (fields.contains(name)) {
                return false;
            }
        }
        if (shared.rules().honorRequestNoCache()
                && (fields.contains(HttpHeaderNames.CACHE_CONTROL) || fields.contains(HttpHeaderNames.PRAGMA))) {
            return false;
        }
        String target = request.uri();
        String host = fields.get(HttpHeaderNames.HOST);
        if (host == null || !isPlainTarget(target) || fields.getAll(HttpHeaderNames.HOST).size() != 1) {
            return false;
        }
        String key;
        String normalizedHost;
        try {
            // the gateways name the client's scheme in Forwarded (RFC 7239); keys name public URLs
            String scheme = peerTrusted(ctx)
                    ? ClientRequest.scheme(fields.get("X-Forwarded-Proto"), fields.get("Forwarded")) : "http";
            normalizedHost = ClientRequest.normalizeHost(host, scheme);
            key = scheme + "://" + normalizedHost + target;
        } catch (BadRequestException e) {
            return false;
        }
        RequestFields requestFields = name -> {
            List<String> values = fields.getAll(name);
            return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(", ", values);
        };
        Lookup lookup = shared.cache().lookup(key, requestFields);
        if (!lookup.isHit()) {
            return false;
        }
        long now = shared.clock().millis();
        StoredResponse stored = lookup.response();
        if (PartialResponses.isPartial(stored)) {
            return false; // parts of it only: the full path fetches the whole
        }
        ReuseDecision decision = ReuseDecision.decide(Headers.EMPTY, stored, now, shared.rules(),
                shared.consistency().forRequest(normalizedHost, target));
        if (decision.action() != Reuse.FRESH) {
            return false;
        }
        shared.hooks().requested(key); // before the answer leaves: whoever reads it finds the request counted
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        long length = stored.body().length();
        ByteBuf content = head || length == 0 ? Unpooled.EMPTY_BUFFER : body(stored);
        if (content == null) {
            return false; // evicted since the lookup: the full path fetches it again
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(stored.status()), content, HEADERS, TRAILERS);
        HttpHeaders out = response.headers();
        shared.clientFields().copy(stored.headers(), out::add);
        out.set(FieldNames.AGE, Long.toString(decision.ageSeconds()));
        String status = hitStatus(decision.ttlSeconds());
        out.set(CacheStatus.FIELD, CacheStatus.append(stored.headers().joined(CacheStatus.FIELD), status));
        out.set(FieldNames.CONTENT_LENGTH, Long.toString(length));
        if (stored.status() == 200) {
            out.set(FieldNames.ACCEPT_RANGES, "bytes");
        }
        if (!keepAlive) {
            out.set(FieldNames.CONNECTION, "close");
        }
        if (keepAlive) {
            // nobody waits for this write: a failed write is reported down the pipeline and closes
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        long bytes = head ? 0 : length;
        boolean sampled = shared.tracing().on() && HopTracing.sampled(fields.get(HttpSpans.TRACEPARENT));
        Span span = shared.hitSpan(sampled, fields, HttpHeaders::get, method.name(), key, normalizedHost, target);
        try (HopTracing.Scope current = shared.tracing().current(span)) {
            shared.metrics().record(new NodeMetrics.Outcome("hit", true, true, bytes, System.nanoTime() - start));
        }
        HttpSpans.end(span, stored.status(), true);
        if (shared.accessLog().enabled()) {
            // a HEAD is logged with the representation's length, as a GET would be (simulator traces)
            shared.accessLog().record(now, method.name(), stored.status(), "hit", length, key);
        }
        return true;
    }

    private String hitStatus(long ttlSeconds) {
        if (ttlSeconds != statusTtl || status == null) {
            status = CacheStatus.hit(shared.nodeId(), ttlSeconds).toString();
            statusTtl = ttlSeconds;
        }
        return status;
    }

    private boolean peerTrusted(ChannelHandlerContext ctx) {
        Boolean trusted = peerTrusted;
        if (trusted == null) {
            trusted = shared.trustedProxies().trusts(ctx.channel().remoteAddress());
            peerTrusted = trusted;
        }
        return trusted;
    }

    /** The body as one buffer over the store's memory, or null when it was evicted meanwhile. */
    private static ByteBuf body(StoredResponse stored) {
        List<ByteBuf> parts = BodyStreams.buffers(stored.body(), 0, stored.body().length());
        if (parts == null) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : Unpooled.wrappedBuffer(parts.toArray(ByteBuf[]::new));
    }

    // origin-form without characters the full path would refuse with 400
    private static boolean isPlainTarget(String target) {
        if (target.isEmpty() || target.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
