package dev.geocdn.node.replication;

import dev.geocdn.cache.eviction.FrequencySketch;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.node.peers.PeerNodes;
import dev.geocdn.node.proxy.RequestHooks;
import dev.geocdn.node.shield.TierFields;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.geocdn.cache.partial.PartialResponses;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Offers stored objects to the owner nodes of other regions, ahead of their clients: under a
 * {@code push-all} rule every object this node stored from the origin, under {@code push-popular}
 * every object whose request count in the frequency sketch reaches the threshold. An offer is a
 * few fields ({@link ReplicaWire}); the peer pulls the body only when it wants it, so a region
 * that already holds the version costs no body bytes.
 *
 * <p>Only what this node filled from the origin is offered on store, never a replica or a parent's
 * copy, so offers do not echo between regions; a popular object is offered whatever its source,
 * and a peer that holds it answers {@code held}. Each version is offered once per node (a bounded
 * memory of the last offers), and at most {@code max-offers-in-flight} at a time: beyond that an
 * offer is dropped and counted, never queued without bound. Offers go out on the event loop of the
 * request or fill that caused them and never delay it.
 */
public final class Replicator implements RequestHooks {

    private static final int REMEMBERED = 10_000;

    private final ReplicationRules rules;
    private final ReplicationProperties properties;
    private final String region;
    private final String source;
    private final String secret;
    private final PeerNodes peers;
    private final ResponseCache cache;
    private final ReplicationMetrics metrics;
    private final FrequencySketch sketch;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** key + fill time of the versions offered lately, oldest first. */
    private final Map<String, Boolean> offered = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    public Replicator(ReplicationProperties properties, String region, String nodeId, String secret, PeerNodes peers,
                      ResponseCache cache, ReplicationMetrics metrics, Clock clock) {
        this.clock = clock;
        this.properties = properties;
        this.rules = new ReplicationRules(properties.rules());
        this.region = region;
        this.source = ReplicaWire.source(region, nodeId);
        this.secret = secret;
        this.peers = peers;
        this.cache = cache;
        this.metrics = metrics;
        this.sketch = new FrequencySketch(properties.expectedKeys());
    }

    @Override
    public void requested(String cacheKey) {
        if (!rules.anyPopular()) {
            return;
        }
        ReplicationRules.Compiled rule = rules.forKey(cacheKey);
        if (rule == null || rule.mode() != ReplicationProperties.Mode.PUSH_POPULAR) {
            return;
        }
        long hash = cacheKey.hashCode() * 0x9E3779B97F4A7C15L;
        if (sketch.increment(hash) == properties.popularThreshold()) {
            StoredResponse held = cache.variant(cacheKey, "");
            if (held != null) {
                offer(cacheKey, held, rule);
            }
        }
    }

    @Override
    public void hinted(String cacheKey, String playlistUrl) {
    }

    @Override
    public void stored(String cacheKey, StoredResponse response, boolean fromOrigin) {
        if (!fromOrigin) {
            return;
        }
        ReplicationRules.Compiled rule = rules.forKey(cacheKey);
        if (rule != null && rule.mode() == ReplicationProperties.Mode.PUSH_ALL) {
            offer(cacheKey, response, rule);
        }
    }

    private void offer(String cacheKey, StoredResponse response, ReplicationRules.Compiled rule) {
        long now = clock.millis();
        if (response.body().length() > properties.maxObjectSize().toBytes() || response.status() != 200
                || !response.isFresh(now)) {
            return;
        }
        synchronized (offered) {
            if (offered.putIfAbsent(cacheKey + " " + response.filledAt(), Boolean.TRUE) != null) {
                return; // this version was offered already
            }
        }
        Headers fields = Headers.EMPTY.newBuilder()
                .set("Authorization", "Bearer " + secret)
                .set(ReplicaWire.KEY, cacheKey)
                .set(ReplicaWire.VARIANT, response.secondaryKey())
                .set(ReplicaWire.SOURCE, source)
                .set(ReplicaWire.TAGS, String.join(" ", response.surrogateKeys().tags()))
                .set(TierFields.FILLED_AT, TierFields.format(response.filledAt()))
                .set(ReplicaWire.TTL, Long.toString(Math.floorDiv(response.remainingMillis(now), 1000)))
                .set("Content-Length", "0")
                .build();
        Optional<String> validator = PartialResponses.ifRangeValidator(response);
        if (validator.isPresent()) {
            fields = fields.newBuilder().set(ReplicaWire.VALIDATOR, validator.get()).build();
        }
        List<String> targets = rule.peers().isEmpty() ? peers.regions() : rule.peers();
        for (String target : targets) {
            if (!target.equals(region)) {
                offerTo(target, cacheKey, fields);
            }
        }
    }

    private void offerTo(String target, String cacheKey, Headers fields) {
        PeerNodes.Peer peer = peers.owner(target, cacheKey);
        if (peer == null) {
            metrics.offered(target, "no-peer");
            return;
        }
        if (inFlight.incrementAndGet() > properties.maxOffersInFlight()) {
            inFlight.decrementAndGet();
            metrics.offered(target, "dropped");
            return;
        }
        Flux<String> sent = peer.client().exchange("POST", ReplicaWire.PATH, fields, null, null,
                (response, body) -> body.then(Mono.just(response.responseHeaders().get(ReplicaWire.OUTCOME,
                        response.status().code() == 200 ? "failed" : "refused-" + response.status().code()))));
        Duration rtt = peer.emulatedRtt();
        (rtt.isZero() ? sent : Mono.delay(rtt).thenMany(sent))
                .next()
                .onErrorResume(error -> Mono.just("unreachable"))
                .doFinally(signal -> inFlight.decrementAndGet())
                .subscribe(outcome -> metrics.offered(target, outcome));
    }
}
