package dev.geocdn.node.proxy;

import dev.geocdn.cache.freshness.Consistency;
import dev.geocdn.cache.freshness.ReuseDecision;
import dev.geocdn.cache.partial.PartialResponses;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.edge.http.RequestHead;
import dev.geocdn.node.guard.RequestGuard;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.tracing.HttpSpans;
import io.micrometer.tracing.Span;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The raw hit path: answers plain hits from the request's bytes, before the HTTP codec, without
 * making an object per request. A request head is parsed where it lies ({@link RequestHead});
 * a GET or HEAD of HTTP/1.1 without conditions, ranges, credentials or a body, for a stored
 * response without Vary that is fresh as it is ({@link ReuseDecision#isFreshAsIs}), is answered
 * by encoding the stored fields straight into one pooled buffer, with the body copied behind
 * them when it is small. The response is the one {@link HitFastPath} sends for the same
 * request, byte for byte but for nothing.
 *
 * <p>Everything else goes on to the codec as whole requests (head and body, as its
 * Content-Length frames it), so the codec, {@link RequestGuard}, {@link HitFastPath} and the
 * full path see exactly what they would without this handler. A request body framed otherwise
 * (chunked) hands the rest of the connection to the codec. While a request handed to the codec
 * is unanswered, later requests are handed on too, so responses keep their order.
 *
 * <p>One instance per connection, confined to its event loop; the {@link Watch} after the codec
 * reports when the codec's side has answered.
 */
public final class RawHits extends ChannelInboundHandlerAdapter {

    /** The handler's name, right before the codec. */
    public static final String NAME = "geocdn.rawHits";
    /** Its watcher's name, right after the codec. */
    public static final String WATCH_NAME = "geocdn.rawHits.watch";

    /** Bodies up to this size are copied into the response's buffer; larger ones are sent from the store's memory. */
    static final int COPY_LIMIT = 16 * 1024;

    private static final AsciiString GET = AsciiString.cached("GET");
    private static final AsciiString HEAD = AsciiString.cached("HEAD");
    private static final AsciiString HOST = AsciiString.cached("host");
    private static final AsciiString CONNECTION = AsciiString.cached("connection");
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
    private static final AsciiString TRACEPARENT = AsciiString.cached(HttpSpans.TRACEPARENT);
    /** Fields whose presence makes a request the codec's: conditions, ranges, credentials, bodies, upgrades. */
    private static final List<AsciiString> NOT_PLAIN = fields("range", "if-none-match", "if-modified-since",
            "if-match", "if-unmodified-since", "if-range", "authorization", "expect", "upgrade", "te",
            "content-length", "transfer-encoding", "x-geocdn-prefetch", "x-geocdn-tier");
    private static final List<AsciiString> REQUEST_DIRECTIVES = fields("cache-control", "pragma");
    private static final List<AsciiString> SCHEME_FIELDS = fields("forwarded", "x-forwarded-proto");
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[COPY_LIMIT];
        }
    };

    private final HitFastPath.Shared shared;
    private final RequestGuard guard;
    private final int maxHeadBytes;
    private final RequestHead head;
    private final HitHeads heads;
    private final Watch watch = new Watch();
    private final KeyMemo memo = new KeyMemo();
    private ByteBuf pending;
    /** Requests handed to the codec whose responses have not been written to their end. */
    private int codecPending;
    /** Bytes of a handed-over request's body still to arrive. */
    private long bodyToHandOver;
    /** A request this handler cannot frame was handed over: the codec has the connection from then on. */
    private boolean codecOnly;
    private boolean peerTrusted;
    private boolean processing;

    public RawHits(HitFastPath.Shared shared, RequestGuard guard, int maxHeadBytes) {
        this.shared = shared;
        this.guard = guard;
        this.maxHeadBytes = maxHeadBytes;
        this.head = new RequestHead(guard.maxFields());
        this.heads = new HitHeads(shared.nodeId(), shared.clientFields());
    }

    /** The handler after the codec that tells this one when the codec's side has answered. */
    public ChannelDuplexHandler watch() {
        return watch;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        peerTrusted = shared.trustedProxies().trusts(ctx.channel().remoteAddress());
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (codecOnly || !(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (pending == null) {
            pending = in;
        } else {
            pending = append(ctx, pending, in);
        }
        process(ctx);
    }

    private static ByteBuf append(ChannelHandlerContext ctx, ByteBuf to, ByteBuf in) {
        try {
            if (to.writableBytes() >= in.readableBytes() && to.refCnt() == 1 && !to.isReadOnly()) {
                to.writeBytes(in);
                return to;
            }
            ByteBuf merged = ctx.alloc().buffer(to.readableBytes() + in.readableBytes());
            merged.writeBytes(to).writeBytes(in);
            to.release();
            return merged;
        } finally {
            in.release();
        }
    }

    private void process(ChannelHandlerContext ctx) {
        processing = true;
        try {
            processPending(ctx);
        } finally {
            processing = false;
        }
    }

    private void processPending(ChannelHandlerContext ctx) {
        boolean handedOver = false;
        boolean answered = false;
        while (pending != null && pending.isReadable()) {
            if (bodyToHandOver > 0) {
                int n = (int) Math.min(bodyToHandOver, pending.readableBytes());
                bodyToHandOver -= n;
                ctx.fireChannelRead(pending.readRetainedSlice(n));
                handedOver = true;
                continue;
            }
            RequestHead.Result result = head.parse(pending, maxHeadBytes);
            if (result == RequestHead.Result.INCOMPLETE) {
                break;
            }
            long bodyLength = result == RequestHead.Result.COMPLETE ? bodyLength() : -1;
            if (bodyLength < 0) {
                codecOnly = true; // framing the codec must judge, and everything after it
                ByteBuf rest = pending;
                pending = null;
                ctx.fireChannelRead(rest);
                return;
            }
            if (codecPending == 0 && bodyLength == 0 && answer(ctx)) {
                pending.skipBytes(head.length());
                answered = true;
                guard.answeredBeforeCodec(pending.isReadable());
                continue;
            }
            codecPending++;
            long whole = head.length() + bodyLength;
            int n = (int) Math.min(whole, pending.readableBytes());
            bodyToHandOver = whole - n;
            ctx.fireChannelRead(pending.readRetainedSlice(n));
            handedOver = true;
        }
        if (pending != null && !pending.isReadable()) {
            pending.release();
            pending = null;
        }
        if (answered) {
            ctx.flush();
        }
        if (!handedOver && !ctx.channel().config().isAutoRead()) {
            // Reactor Netty reads on demand, for requests it was given; none was
            ctx.read();
        }
    }

    /** The request body's length by Content-Length, 0 without one; -1 when this handler cannot frame it. */
    private long bodyLength() {
        if (head.indexOf(TRANSFER_ENCODING) >= 0) {
            return -1;
        }
        int at = head.indexOf(CONTENT_LENGTH);
        if (at < 0) {
            return 0;
        }
        return head.count(CONTENT_LENGTH) == 1 ? head.decimalValue(at) : -1;
    }

    private boolean answer(ChannelHandlerContext ctx) {
        long start = System.nanoTime();
        boolean isHead = head.methodIs(HEAD);
        if ((!isHead && !head.methodIs(GET)) || head.minorVersion() != 1 || !plainFields()) {
            return false;
        }
        int host = head.indexOf(HOST);
        if (host < 0 || head.count(HOST) != 1 || !memo.update(pending, head, host)) {
            return false;
        }
        StoredResponse stored = shared.cache().plainHit(memo.key);
        if (stored == null || PartialResponses.isPartial(stored)) {
            return false;
        }
        long now = shared.clock().millis();
        Consistency consistency = shared.consistency().rules().isEmpty() ? Consistency.EVENTUAL
                : shared.consistency().forRequest(memo.host, memo.target);
        if (!ReuseDecision.isFreshAsIs(stored, now, consistency)) {
            return false;
        }
        shared.hooks().requested(memo.key); // before the answer leaves: whoever reads it finds the request counted
        long length = stored.body().length();
        boolean copy = !isHead && length > 0 && length <= COPY_LIMIT;
        ByteBuf out = ctx.alloc().directBuffer(512 + stored.headers().byteSize() + (copy ? (int) length : 0));
        heads.write(out, stored, now, length);
        if (copy) {
            byte[] scratch = SCRATCH.get();
            if (!stored.body().copyTo(0, scratch, 0, (int) length)) {
                out.release();
                return false; // evicted since the lookup: the full path fetches it again
            }
            out.writeBytes(scratch, 0, (int) length);
            ctx.write(out, ctx.voidPromise());
        } else if (isHead || length == 0) {
            ctx.write(out, ctx.voidPromise());
        } else {
            List<ByteBuf> body = BodyStreams.buffers(stored.body(), 0, length);
            if (body == null) {
                out.release();
                return false;
            }
            ctx.write(out, ctx.voidPromise());
            for (ByteBuf part : body) {
                ctx.write(part, ctx.voidPromise());
            }
        }
        Span span = shared.hitSpan(sampled(), head, RawHits::field, isHead ? "HEAD" : "GET", memo.key, memo.host,
                memo.target);
        try (HopTracing.Scope current = shared.tracing().current(span)) {
            shared.metrics().hit(isHead ? 0 : length, System.nanoTime() - start);
        }
        HttpSpans.end(span, stored.status(), true);
        if (shared.accessLog().enabled()) {
            shared.accessLog().record(now, isHead ? "HEAD" : "GET", stored.status(), "hit", length, memo.key);
        }
        return true;
    }

    /** Whether the fields leave the stored response as the answer: none asks for more than it. */
    private boolean plainFields() {
        for (int i = 0; i < head.fieldCount(); i++) {
            if (matches(i, NOT_PLAIN)
                    || (shared.rules().honorRequestNoCache() && matches(i, REQUEST_DIRECTIVES))
                    || (peerTrusted && matches(i, SCHEME_FIELDS))
                    || (head.nameIs(i, CONNECTION) && !head.valueIs(i, KEEP_ALIVE))) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(int field, List<AsciiString> names) {
        for (int k = 0; k < names.size(); k++) {
            if (head.nameIs(field, names.get(k))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    /**
     * Whether the request's {@code traceparent} says its trace is sampled, read from its bytes
     * ({@link HopTracing#sampled}): the flags' last hex digit, odd when sampled.
     */
    private boolean sampled() {
        if (!shared.tracing().on()) {
            return false;
        }
        int field = head.indexOf(TRACEPARENT);
        if (field < 0 || head.valueEnd(field) - head.valueStart(field) <= HopTracing.LAST_FLAGS_DIGIT) {
            return false;
        }
        return HopTracing.sampledFlag((char) pending.getByte(head.valueStart(field) + HopTracing.LAST_FLAGS_DIGIT));
    }

    /** Field names as the propagator asks for them, lower-cased once each. */
    private static final ConcurrentMap<String, AsciiString> TRACE_FIELDS = new ConcurrentHashMap<>();

    /** A trace context field of the request head, for the propagator. */
    private static String field(RequestHead head, String name) {
        return head.value(TRACE_FIELDS.computeIfAbsent(name, n -> AsciiString.cached(n.toLowerCase(Locale.ROOT))));
    }

    private static List<AsciiString> fields(String... names) {
        return java.util.Arrays.stream(names).map(AsciiString::cached).toList();
    }

    /** Counts the responses the codec's side finishes, so that raw answers wait for them. */
    private final class Watch extends ChannelDuplexHandler {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean last = msg instanceof LastHttpContent;
            ctx.write(msg, promise);
            if (last && codecPending > 0 && --codecPending == 0 && !processing && pending != null
                    && pending.isReadable()) {
                ChannelHandlerContext raw = ctx.pipeline().context(RawHits.this);
                if (raw != null) {
                    process(raw); // heads that arrived meanwhile and were held incomplete, or waiting
                }
            }
        }
    }
}
