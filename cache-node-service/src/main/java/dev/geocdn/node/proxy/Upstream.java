package dev.geocdn.node.proxy;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.SurrogateKeys;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.metrics.NodeMetrics;
import dev.geocdn.node.origin.OriginClient;
import dev.geocdn.node.peers.InterRegionTraffic;
import dev.geocdn.node.peers.PeerNodes;
import dev.geocdn.node.shield.Parents;
import dev.geocdn.node.shield.ShieldMetrics;
import dev.geocdn.node.shield.TierFields;
import dev.geocdn.protocol.http.CdnLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * Where a fill's GET goes: the parent tier's owner node of the key when a shield rule names a
 * parent region (tiered fill), else, or when the parent cannot serve it, the origin.
 *
 * <p><b>Falling back.</b> A parent that refuses the connection, stays silent past its timeout,
 * has its circuit open, or answers 502, 503 or 504 is skipped and the origin is asked instead, so
 * a sick parent is never a failure for the client. So is a parent whose copy was filled before a
 * purge this node has applied ({@link ResponseCache#purgedSince}): that parent has not applied
 * the purge yet, and its copy must be neither stored nor served here.
 *
 * <p><b>No loops, by construction.</b> A request that came from a child tier, or that already
 * passed this CDN ({@code CDN-Loop}), is never sent to a parent: it goes to the origin. So a
 * request climbs at most one tier, whatever the rules of each region say.
 *
 * <p><b>Siblings.</b> A whole fill that would go to the origin first asks the sibling regions'
 * owner nodes of the key for a copy they hold ({@link Parents#siblings}), so the regions' caches
 * act as one; a sibling never fetches for such a request, so it cannot loop either.
 *
 * <p><b>Accounting.</b> Every byte a parent sends (fields and body) is counted on the link from
 * its region to this one; origin bytes are counted as before.
 */
public final class Upstream {

    /** Parent statuses that mean the parent, not the origin, could not answer. */
    private static boolean parentFailed(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /** Handles an upstream response head and body, knowing where it came from. */
    interface Handler<T> {
        Publisher<T> apply(HttpClientResponse response, ByteBufFlux body, Source source);
    }

    /**
     * Where a response came from.
     *
     * @param parentRegion the region of the node it came from (the parent or a sibling), or null for the origin
     * @param parentFilledAt when that node's copy was filled (HLC; 0 unknown); unused for the origin
     */
    record Source(String parentRegion, long parentFilledAt, Consumer<Integer> counter) {

        boolean fromParent() {
            return parentRegion != null;
        }

        /**
         * The time what this response holds was current: the parent's fill for a parent's copy,
         * this node's own start for a fetch from the origin.
         */
        long filledAt(long ownStart) {
            return fromParent() ? Math.min(parentFilledAt, ownStart) : ownStart;
        }

        /** Counts {@code bytes} of body received. */
        void received(int bytes) {
            counter.accept(bytes);
        }
    }

    private final OriginClient origin;
    private final Parents parents;
    private final ResponseCache cache;
    private final NodeMetrics metrics;
    private final InterRegionTraffic traffic;
    private final ShieldMetrics shieldMetrics;
    private final String cdnId;
    private final String ownRegion;
    private final Source fromOrigin;

    /**
     * @param parents the parent tier, or null for none
     * @param cdnId   this CDN's name in {@code CDN-Loop}
     */
    public Upstream(OriginClient origin, Parents parents, ResponseCache cache, NodeMetrics metrics,
             InterRegionTraffic traffic, ShieldMetrics shieldMetrics, String cdnId, String ownRegion) {
        this.origin = origin;
        this.parents = parents == null || !parents.any() ? null : parents;
        this.cache = cache;
        this.metrics = metrics;
        this.traffic = traffic;
        this.shieldMetrics = shieldMetrics;
        this.cdnId = cdnId;
        this.ownRegion = ownRegion;
        this.fromOrigin = new Source(null, 0, metrics::originBytes);
    }

    /** An upstream of the origin alone. */
    public static Upstream originOnly(OriginClient origin, ResponseCache cache, NodeMetrics metrics) {
        return new Upstream(origin, null, cache, metrics, null, null, "", "");
    }

    /**
     * Sends {@code GET pathAndQuery} of {@code request} with {@code headers} to the parent or the
     * origin and hands the response to {@code handler}, whose publisher must consume the body.
     */
    <T> Flux<T> get(ClientRequest request, Headers headers, Consumer<HttpResponse> interim, Handler<T> handler) {
        PeerNodes.Peer parent = parentFor(request);
        if (parent == null) {
            return beforeOrigin(request, headers, interim, handler);
        }
        InterRegionTraffic.Reason reason = headers.contains("If-None-Match") || headers.contains("If-Modified-Since")
                ? InterRegionTraffic.Reason.REVALIDATION : InterRegionTraffic.Reason.FILL;
        Headers toParent = headers.newBuilder().set("Host", request.host()).set(TierFields.TIER, ownRegion).build();
        return ask(parent, request, toParent, reason, interim, handler, status -> !parentFailed(status),
                verdict -> shieldMetrics.record(parent.region(), switch (verdict) {
                    case USED -> ShieldMetrics.Outcome.ANSWERED;
                    case REFUSED -> ShieldMetrics.Outcome.FAILED;
                    case PURGED -> ShieldMetrics.Outcome.PURGED;
                    case UNREACHABLE -> ShieldMetrics.Outcome.UNREACHABLE;
                }),
                () -> viaOrigin(request, headers, interim, handler), () -> viaOrigin(request, headers, null, handler));
    }

    /** What became of one request to another region's node. */
    private enum Verdict { USED, REFUSED, PURGED, UNREACHABLE }

    /**
     * Asks {@code peer} for the fill and hands its response to {@code handler} when its status is
     * {@code usable} and no purge applied here since the peer filled its copy; otherwise drains it
     * (the connection is reused) and goes on with {@code whenRefused}, or with
     * {@code whenUnreachable} when no answer came. Every byte received counts on the link.
     */
    private <T> Flux<T> ask(PeerNodes.Peer peer, ClientRequest request, Headers fields,
                            InterRegionTraffic.Reason reason, Consumer<HttpResponse> interim, Handler<T> handler,
                            IntPredicate usable, Consumer<Verdict> count,
                            Supplier<Flux<T>> whenUnreachable, Supplier<Flux<T>> whenRefused) {
        AtomicBoolean answered = new AtomicBoolean();
        AtomicBoolean refused = new AtomicBoolean();
        Flux<T> asked = peer.client().exchange("GET", request.pathAndQuery(), fields, null, interim,
                (response, body) -> {
                    answered.set(true);
                    HttpHeaders received = response.responseHeaders();
                    traffic.received(peer.region(), reason, headBytes(received));
                    long filledAt = TierFields.filledAt(received.get(TierFields.FILLED_AT));
                    Verdict verdict = !usable.test(response.status().code()) ? Verdict.REFUSED
                            : purgedHere(request, received, filledAt) ? Verdict.PURGED : Verdict.USED;
                    count.accept(verdict);
                    if (verdict != Verdict.USED) {
                        refused.set(true);
                        return body.then().thenMany(Flux.<T>empty());
                    }
                    return handler.apply(response, body, new Source(peer.region(), filledAt,
                            bytes -> traffic.received(peer.region(), reason, bytes)));
                });
        Flux<T> delayed = peer.emulatedRtt().isZero() ? asked : Mono.delay(peer.emulatedRtt()).thenMany(asked);
        return delayed
                .onErrorResume(error -> !answered.get(), error -> {
                    count.accept(Verdict.UNREACHABLE);
                    return whenUnreachable.get();
                })
                .concatWith(Flux.defer(() -> refused.get() ? whenRefused.get() : Flux.empty()));
    }

    /** The sibling regions' copies, when the fill may use one, then the origin. */
    private <T> Flux<T> beforeOrigin(ClientRequest request, Headers headers, Consumer<HttpResponse> interim,
                                     Handler<T> handler) {
        // this node's own entry is on the request, and a child tier's before it: more means it passed before
        int passes = request.headers().contains(TierFields.TIER) ? 2 : 1;
        if (parents == null || !wholeFill(headers)
                || CdnLoop.count(request.headers().joined(CdnLoop.FIELD), cdnId) > passes) {
            return viaOrigin(request, headers, interim, handler);
        }
        List<PeerNodes.Peer> siblings = parents.siblings(request.cacheKey(), request.headers().get(TierFields.TIER));
        return askSibling(siblings, 0, request, headers, interim, handler);
    }

    /** Only an unconditional fill of the whole object asks siblings: they answer from their caches alone. */
    private static boolean wholeFill(Headers headers) {
        return !headers.contains("Range") && !headers.contains("If-None-Match") && !headers.contains("If-Modified-Since");
    }

    /**
     * Asks sibling {@code next} for its copy ({@code only-if-cached}: it never fetches one for
     * this), then the next one, then the origin. A copy filled before a purge this node has
     * applied is refused, as a parent's is.
     */
    private <T> Flux<T> askSibling(List<PeerNodes.Peer> siblings, int next, ClientRequest request, Headers headers,
                                   Consumer<HttpResponse> interim, Handler<T> handler) {
        if (next == siblings.size()) {
            return viaOrigin(request, headers, interim, handler);
        }
        PeerNodes.Peer sibling = siblings.get(next);
        Headers ask = headers.newBuilder().set("Host", request.host()).set(TierFields.TIER, ownRegion)
                .set("Cache-Control", "only-if-cached").build();
        Supplier<Flux<T>> nextOne = () -> askSibling(siblings, next + 1, request, headers, interim, handler);
        return ask(sibling, request, ask, InterRegionTraffic.Reason.FILL, null, handler, status -> status == 200,
                verdict -> shieldMetrics.record(sibling.region(), switch (verdict) {
                    case USED -> ShieldMetrics.SiblingOutcome.HIT;
                    case REFUSED -> ShieldMetrics.SiblingOutcome.MISS;
                    case PURGED -> ShieldMetrics.SiblingOutcome.PURGED;
                    case UNREACHABLE -> ShieldMetrics.SiblingOutcome.UNREACHABLE;
                }),
                nextOne, nextOne);
    }

    private <T> Flux<T> viaOrigin(ClientRequest request, Headers headers, Consumer<HttpResponse> interim,
                                  Handler<T> handler) {
        return origin.exchange("GET", request.pathAndQuery(), headers, null, interim,
                (response, body) -> handler.apply(response, body, fromOrigin));
    }

    /** The parent to ask, or null: none configured, none for this request, or it already came down a tier. */
    private PeerNodes.Peer parentFor(ClientRequest request) {
        if (parents == null || request.headers().contains(TierFields.TIER)
                || CdnLoop.count(request.headers().joined(CdnLoop.FIELD), cdnId) > 1) {
            return null; // the node's own CDN-Loop entry is already on the request: more means it passed before
        }
        return parents.choose(request.host(), request.pathAndQuery(), request.cacheKey());
    }

    private boolean purgedHere(ClientRequest request, HttpHeaders fields, long filledAt) {
        Headers.Builder tagFields = Headers.EMPTY.newBuilder();
        for (String name : new String[]{SurrogateKeys.SURROGATE_KEY, SurrogateKeys.CACHE_TAG}) {
            fields.getAll(name).forEach(value -> tagFields.add(name, value));
        }
        return cache.purgedSince(request.cacheKey(), SurrogateKeys.of(tagFields.build()).tags(), filledAt);
    }

    /** The size of a response head on the wire, near enough: status line, fields, blank line. */
    private static long headBytes(HttpHeaders fields) {
        long bytes = 17 + 2; // "HTTP/1.1 200 OK\r\n" and the final CRLF
        for (Map.Entry<String, String> field : fields) {
            bytes += field.getKey().length() + field.getValue().length() + 4;
        }
        return bytes;
    }
}
