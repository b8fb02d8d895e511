package dev.geocdn.node.popularity;

import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.node.proxy.RequestHooks;
import dev.geocdn.node.tier.TierProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.zset.Aggregate;
import org.springframework.data.redis.connection.zset.Weights;
import org.springframework.data.redis.core.ReactiveRedisOperations;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's popularity record in its persistence tier: a sorted set of its own
 * ({@code <prefix>popular:<node id>}) of the keys clients asked it for most, so that the node,
 * once restarted, can load its hot set from the tier before clients ask again
 * ({@link HotSetPreload}). The keys a node is asked for are the keys it owns: gateways send
 * each URL to its owner.
 *
 * <p>Counting costs the hit path nothing but a random draw: one request in {@code sample-every}
 * is counted, in a map bounded to ten times the keys written per interval. Every interval the
 * record's scores are halved (so that yesterday's hot set fades) and the most counted keys are
 * added; it keeps its {@code keep} best keys, and expires when the node stops writing it. Every
 * command names the one key, so it runs on a Redis Cluster too.
 */
public final class PopularityRecord implements RequestHooks {

    private static final Logger log = LoggerFactory.getLogger(PopularityRecord.class);
    /** How long a record outlives the node's last write to it. */
    private static final Duration KEPT_FOR = Duration.ofDays(7);

    private final ReactiveRedisOperations<String, byte[]> redis;
    private final TierProperties.Popularity settings;
    private final String key;
    private final Duration timeout;
    private final int maxTracked;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /**
     * @param key     the record's Redis key
     * @param timeout how long one write of the record may take
     */
    public PopularityRecord(ReactiveRedisOperations<String, byte[]> redis, TierProperties.Popularity settings,
                            String key, Duration timeout) {
        this.redis = redis;
        this.settings = settings;
        this.key = key;
        this.timeout = timeout;
        this.maxTracked = settings.top() * 10;
    }

    @Override
    public void requested(String cacheKey) {
        if (settings.sampleEvery() > 1 && ThreadLocalRandom.current().nextInt(settings.sampleEvery()) != 0) {
            return;
        }
        LongAdder count = counts.get(cacheKey);
        if (count == null) {
            if (counts.size() >= maxTracked) {
                return; // the interval's new keys past the bound wait for the next one
            }
            count = counts.computeIfAbsent(cacheKey, k -> new LongAdder());
        }
        count.increment();
    }

    @Override
    public void hinted(String cacheKey, String playlistUrl) {
    }

    @Override
    public void stored(String cacheKey, StoredResponse response, boolean fromOrigin) {
    }

    /** Writes this interval's most requested keys to the record, and starts counting afresh. */
    public Mono<Void> flush() {
        List<Map.Entry<String, Long>> counted = new ArrayList<>();
        for (Map.Entry<String, LongAdder> entry : counts.entrySet()) {
            counted.add(Map.entry(entry.getKey(), entry.getValue().sum()));
        }
        counts.clear();
        if (counted.isEmpty()) {
            return Mono.empty();
        }
        counted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        List<Map.Entry<String, Long>> top = counted.subList(0, Math.min(settings.top(), counted.size()));
        var zset = redis.opsForZSet();
        return zset.unionAndStore(key, List.of(), key, Aggregate.SUM, Weights.of(0.5))
                .thenMany(Flux.fromIterable(top).flatMap(entry -> zset.incrementScore(key,
                        entry.getKey().getBytes(StandardCharsets.UTF_8), entry.getValue())))
                .then(zset.removeRange(key, Range.closed(0L, (long) -(settings.keep() + 1))))
                .then(redis.expire(key, KEPT_FOR))
                .then()
                .timeout(timeout)
                .doOnError(e -> log.debug("could not write the popularity record {}: {}", key, e.toString()))
                .onErrorComplete();
    }

    /** The record's {@code n} most requested keys, most requested first; empty when it cannot be read. */
    public Flux<String> hottest(int n) {
        return redis.opsForZSet().reverseRange(key, Range.closed(0L, (long) n - 1))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .timeout(timeout)
                .onErrorResume(e -> {
                    log.warn("could not read the popularity record {}: {}", key, e.toString());
                    return Flux.empty();
                });
    }
}
