package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.StreamingBody;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.Directives;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.memory.SlabAllocator;
import dev.geocdn.cache.partial.PartialResponses;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.store.Body;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.cache.store.StoreOutcome;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.cache.tier.TierEncoding;
import dev.geocdn.cache.tier.TierEntry;
import dev.geocdn.cache.tier.TierFormatException;
import dev.geocdn.node.peers.InterRegionTraffic;
import dev.geocdn.node.peers.PeerNodes;
import dev.geocdn.node.replication.ReplicaWire;
import dev.geocdn.node.replication.ReplicationMetrics;
import dev.geocdn.node.shield.TierFields;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The reserved replica path of the data plane ({@link ReplicaWire#PATH}), both ends of it: as a
 * peer, it takes offers from other regions' nodes and pulls what it wants; as a source, it answers
 * pulls with the stored response, gzipped when its type compresses.
 *
 * <p><b>An offer</b> is refused without pulling when a purge this node applied covers the object
 * since the offered fill ({@code purged}), or when it holds the same variant filled as late or
 * later ({@code held}); otherwise the body is pulled from the offering node and stored by
 * {@link ResponseCache#storeReplica}, which decides again atomically: a purge or a newer fill that
 * came while the body crossed still wins. Bytes pulled count on the link from the source's region,
 * as replication.
 *
 * <p>Every request needs the cluster's credential ({@code cdn.peers.secret}): without one
 * configured the path answers 404, with a wrong or missing one 401. Bad offers get 400.
 */
public final class ReplicaIntake {

    /** Encoded responses at least this large are gzipped when their type compresses. */
    private static final int COMPRESS_FROM = 1024;

    private final String secret;
    private final ResponseCache cache;
    private final CacheRules rules;
    private final PeerNodes peers;
    private final FillBodies bodies;
    private final HybridLogicalClock hlc;
    private final InterRegionTraffic traffic;
    private final ReplicationMetrics metrics;
    private final List<String> compressibleTypes;
    private final java.time.Clock clock;
    /** Whether this node is filling a key now (its fill's head or body still on the way); none until set. */
    private volatile java.util.function.Predicate<String> filling = key -> false;

    /**
     * @param secret    the cluster's credential, or null: no offers and no pulls
     * @param allocator where pulled bodies are kept, or null for the heap
     */
    public ReplicaIntake(String secret, ResponseCache cache, CacheRules rules, PeerNodes peers, SlabAllocator allocator,
                         HybridLogicalClock hlc, InterRegionTraffic traffic, ReplicationMetrics metrics,
                         List<String> compressibleTypes, java.time.Clock clock) {
        this.clock = clock;
        this.secret = secret == null || secret.isBlank() ? null : secret;
        this.cache = cache;
        this.rules = rules;
        this.peers = peers;
        this.bodies = new FillBodies(allocator);
        this.hlc = hlc;
        this.traffic = traffic;
        this.metrics = metrics;
        this.compressibleTypes = List.copyOf(compressibleTypes);
    }

    /** Tells offers apart from fills this node has in flight: an offer for such a key is {@code held}. */
    void fillsInFlight(java.util.function.Predicate<String> filling) {
        this.filling = filling;
    }

    /** Whether {@code request} is for the replica path. */
    boolean handles(ClientRequest request) {
        String target = request.pathAndQuery();
        return target.startsWith(ReplicaWire.PATH)
                && (target.length() == ReplicaWire.PATH.length() || target.charAt(ReplicaWire.PATH.length()) == '?');
    }

    Mono<Void> handle(Exchange exchange, HttpServerResponse response, ResponseWriter writer) {
        exchange.result = Exchange.Result.PASS;
        ClientRequest request = exchange.request;
        if (secret == null) {
            return writer.error(exchange, response, 404, "replication is not configured on this node");
        }
        if (!ReplicaWire.authorized(request.headers().get("Authorization"), secret)) {
            response.header("WWW-Authenticate", "Bearer realm=\"geocdn-replica\"");
            return writer.error(exchange, response, 401, "the replica path needs the cluster's credential");
        }
        return switch (request.method()) {
            case "POST" -> offer(exchange, response, writer);
            case "GET" -> pull(exchange, response, writer);
            default -> {
                response.header("Allow", "GET, POST");
                yield writer.error(exchange, response, 405, request.method() + " is not allowed here; allowed: GET, POST");
            }
        };
    }

    // ---- as a peer: an offer, and the pull it may need -------------------------------------

    private Mono<Void> offer(Exchange exchange, HttpServerResponse response, ResponseWriter writer) {
        Headers fields = exchange.request.headers();
        String key = fields.get(ReplicaWire.KEY);
        String variant = fields.get(ReplicaWire.VARIANT) == null ? "" : fields.get(ReplicaWire.VARIANT);
        String source = fields.get(ReplicaWire.SOURCE);
        long filledAt = TierFields.filledAt(fields.get(TierFields.FILLED_AT));
        int slash = source == null ? -1 : source.indexOf('/');
        if (key == null || !(key.startsWith("http://") || key.startsWith("https://")) || slash <= 0 || filledAt == 0) {
            return writer.error(exchange, response, 400, "an offer names the object (" + ReplicaWire.KEY
                    + ", an absolute URL), its source (" + ReplicaWire.SOURCE + ": region/node) and its fill time ("
                    + TierFields.FILLED_AT + ")");
        }
        String fromRegion = source.substring(0, slash);
        String tagsField = fields.get(ReplicaWire.TAGS);
        Set<String> tags = tagsField == null || tagsField.isBlank() ? Set.of() : Set.of(tagsField.strip().split("\\s+"));
        Mono<ReplicaWire.Outcome> outcome;
        if (cache.purgedSince(key, tags, filledAt)) {
            outcome = Mono.just(ReplicaWire.Outcome.PURGED);
        } else if (filling.test(key) || holds(key, variant, filledAt, fields.get(ReplicaWire.VALIDATOR))) {
            outcome = Mono.just(ReplicaWire.Outcome.HELD);
        } else {
            outcome = pullFrom(peers.node(fromRegion, source.substring(slash + 1)), fromRegion, key, variant);
        }
        return outcome.flatMap(result -> {
            metrics.received(fromRegion, result.token());
            byte[] text = (result.token() + "\n").getBytes(StandardCharsets.US_ASCII);
            exchange.status = 200;
            exchange.bytesOut = text.length;
            return response.status(HttpResponseStatus.OK).header(ReplicaWire.OUTCOME, result.token())
                    .header(FieldNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .header(FieldNames.CONTENT_LENGTH, Integer.toString(text.length))
                    .sendByteArray(Mono.just(text)).then();
        });
    }

    /**
     * Whether the offered version is here already: a copy filled as late or later, or a fresh
     * copy of the same representation (same strong validator), which the body would only repeat.
     * (A key this node is filling now counts as held too: the fill brings a copy as recent.)
     */
    private boolean holds(String key, String variant, long filledAt, String validator) {
        StoredResponse held = cache.variant(key, variant);
        if (held == null) {
            return false;
        }
        return held.filledAt() >= filledAt || (validator != null && held.isFresh(clock.millis())
                && PartialResponses.ifRangeValidator(held).map(validator.strip()::equals).orElse(false));
    }

    private Mono<ReplicaWire.Outcome> pullFrom(PeerNodes.Peer source, String fromRegion, String key, String variant) {
        if (source == null) {
            return Mono.just(ReplicaWire.Outcome.FAILED); // gone, or not a node this one knows
        }
        Headers fields = Headers.EMPTY.newBuilder().set("Authorization", "Bearer " + secret)
                .set("Accept-Encoding", "gzip").build();
        String target = ReplicaWire.PATH + "?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + "&variant=" + URLEncoder.encode(variant, StandardCharsets.UTF_8);
        return Mono.defer(() -> {
            long readStartedAt = hlc.now();
            InFlightFills.Fill read = cache.beginFill(readStartedAt);
            Mono<byte[]> pulled = source.client().exchange("GET", target, fields, null, null, (response, body) -> {
                        if (response.status().code() != 200) {
                            return body.then(Mono.<byte[]>empty());
                        }
                        boolean gzipped = "gzip".equalsIgnoreCase(response.responseHeaders().get("Content-Encoding"));
                        return body.aggregate().asByteArray().map(bytes -> {
                            traffic.received(fromRegion, InterRegionTraffic.Reason.REPLICATION, bytes.length);
                            return gzipped ? gunzip(bytes) : bytes;
                        });
                    })
                    .next();
            Duration rtt = source.emulatedRtt();
            return (rtt.isZero() ? pulled : Mono.delay(rtt).then(pulled))
                    .map(bytes -> store(key, variant, bytes, readStartedAt))
                    .defaultIfEmpty(ReplicaWire.Outcome.FAILED)
                    .onErrorReturn(ReplicaWire.Outcome.FAILED)
                    .doFinally(signal -> read.close());
        });
    }

    private ReplicaWire.Outcome store(String key, String variant, byte[] bytes, long readStartedAt) {
        TierEntry entry;
        try {
            entry = TierEncoding.decode(bytes);
        } catch (TierFormatException e) {
            return ReplicaWire.Outcome.FAILED;
        }
        if (!entry.secondaryKey().equals(variant)) {
            return ReplicaWire.Outcome.FAILED;
        }
        StreamingBody streaming = bodies.newBody(entry.bodyLength());
        if (entry.bodyLength() > 0) {
            streaming.append(ByteBuffer.wrap(bytes, entry.bodyOffset(), entry.bodyLength()));
        }
        streaming.complete();
        Body body = streaming.toBody();
        try {
            StoredResponse replica = entry.toStored(body, Directives.effective(entry.headers(), rules));
            StoreOutcome stored = cache.storeReplica(key, replica, readStartedAt);
            return switch (stored) {
                case STORED -> ReplicaWire.Outcome.STORED;
                case NEWER_HELD -> ReplicaWire.Outcome.HELD;
                case PURGED, BELOW_FLOOR -> ReplicaWire.Outcome.PURGED;
                default -> ReplicaWire.Outcome.FAILED;
            };
        } finally {
            body.release(); // the store holds its own reference when it took the replica
        }
    }

    // ---- as a source: a pull ---------------------------------------------------------------

    private Mono<Void> pull(Exchange exchange, HttpServerResponse response, ResponseWriter writer) {
        QueryStringDecoder query = new QueryStringDecoder(exchange.request.pathAndQuery());
        List<String> keys = query.parameters().get("key");
        List<String> variants = query.parameters().get("variant");
        if (keys == null || keys.size() != 1) {
            return writer.error(exchange, response, 400, "a pull names one object: ?key=<cache key>&variant=<Vary values>");
        }
        StoredResponse held = cache.variant(keys.get(0), variants == null ? "" : variants.get(0));
        if (held == null) {
            return writer.error(exchange, response, 404, "not held here (evicted or purged since the offer)");
        }
        byte[] encoded = TierEncoding.encode(held, held.filledAt());
        boolean gzip = encoded.length >= COMPRESS_FROM && ReplicaWire.compressible(held.headers().get("Content-Type"),
                held.headers().get("Content-Encoding"), compressibleTypes);
        byte[] bytes = gzip ? gzip(encoded) : encoded;
        exchange.status = 200;
        exchange.bytesOut = bytes.length;
        response.status(HttpResponseStatus.OK)
                .header(FieldNames.CONTENT_TYPE, "application/octet-stream")
                .header(FieldNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .header(FieldNames.CACHE_CONTROL, "no-store");
        if (gzip) {
            response.header("Content-Encoding", "gzip");
        }
        return response.sendByteArray(Mono.just(bytes)).then();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a damaged gzipped replica", e);
        }
    }
}
