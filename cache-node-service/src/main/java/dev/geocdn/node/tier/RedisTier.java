package dev.geocdn.node.tier;

import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.cache.tier.TierEncoding;
import dev.geocdn.cache.tier.TierFormatException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveRedisOperations;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The persistence tier in Redis, through Spring Data Redis's reactive template on Lettuce: one
 * string key per cache key holding the {@link TierEncoding} of its stored response, set to expire
 * once the response has been stale for {@code keep-stale}, so that Redis's own expiry and
 * maxmemory policy bound the tier and the node never scans it.
 *
 * <p>Purges reach the tier in two ways: a URL purge deletes the URL's key; a prefix or
 * surrogate-key purge raises the tier's <em>floor</em> (one key holding an HLC time), and a copy
 * whose fill started at or before the floor is not served again, so that no purged object comes
 * back from the tier, at the price of misses for the other copies filled before that purge.
 *
 * <p>Every call runs under one timeout and one circuit breaker: while Redis is down or slow, the
 * node stops asking it for a while (each read a miss, each write skipped), then tries a few calls
 * and closes the circuit when they succeed. Writes run in the background, at most
 * {@code max-writes} at a time; beyond that they are skipped, never queued, so a slow Redis never
 * holds a client or the node's memory.
 */
public final class RedisTier implements ResponseTier {

    /** Sets the floor to ARGV[1] unless it is already higher; floors are fixed-width decimals, so they compare as strings. */
    private static final RedisScript<Long> RAISE_FLOOR = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if not current or ARGV[1] > current then
              redis.call('SET', KEYS[1], ARGV[1])
              return 1
            end
            return 0
            """, Long.class);

    private static final Logger log = LoggerFactory.getLogger(RedisTier.class);

    private final ReactiveRedisOperations<String, byte[]> redis;
    private final TierProperties.Redis settings;
    private final CircuitBreaker breaker;
    private final TierMetrics metrics;
    private final Clock clock;
    private final AtomicInteger writesInFlight = new AtomicInteger();

    public RedisTier(ReactiveRedisOperations<String, byte[]> redis, TierProperties.Redis settings,
                     CircuitBreaker breaker, TierMetrics metrics, Clock clock) {
        this.redis = redis;
        this.settings = settings;
        this.breaker = breaker;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The Redis key of {@code cacheKey}'s copy. */
    String keyOf(String cacheKey) {
        return settings.keyPrefix() + "obj:" + cacheKey;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    /** The circuit to Redis: {@code CLOSED} while the node uses it, {@code OPEN} while it does not. */
    CircuitBreaker.State circuit() {
        return breaker.getState();
    }

    @Override
    public Mono<Copy> read(String cacheKey) {
        String key = keyOf(cacheKey);
        return Mono.defer(() -> {
            long start = System.nanoTime();
            // the copy and the floor in one round trip, so that no node needs to remember the floor
            return guarded(redis.opsForValue().multiGet(List.of(key, floorKey())))
                    .flatMap(values -> {
                        byte[] bytes = values.get(0);
                        if (bytes == null) {
                            metrics.read(TierMetrics.Read.MISS, 0, System.nanoTime() - start);
                            return Mono.empty();
                        }
                        Copy copy = new Copy(TierEncoding.decode(bytes), bytes);
                        if (copy.entry().fillStartedAt() <= TierFloor.parse(values.get(1))) {
                            metrics.read(TierMetrics.Read.INVALIDATED, 0, System.nanoTime() - start);
                            return Mono.empty();
                        }
                        metrics.read(TierMetrics.Read.HIT, bytes.length, System.nanoTime() - start);
                        return Mono.just(copy);
                    })
                    .onErrorResume(TierFormatException.class, damaged -> {
                        // another version's layout, or damaged: not served, and out of the way
                        metrics.read(TierMetrics.Read.UNREADABLE, 0, System.nanoTime() - start);
                        log.debug("unreadable tier entry {}: {}", key, damaged.getMessage());
                        return remove(cacheKey).then(Mono.empty());
                    })
                    .onErrorResume(error -> {
                        metrics.read(failure(error), 0, System.nanoTime() - start);
                        return Mono.empty();
                    });
        });
    }

    @Override
    public void write(String cacheKey, StoredResponse response, long filledAt) {
        if (response.body().length() > settings.maxObjectSize().toBytes()) {
            metrics.write(TierMetrics.Write.TOO_LARGE, 0);
            return;
        }
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            metrics.write(TierMetrics.Write.UNAVAILABLE, 0); // nothing encoded for a call that cannot be made
            return;
        }
        if (writesInFlight.incrementAndGet() > settings.maxWrites()) {
            writesInFlight.decrementAndGet();
            metrics.write(TierMetrics.Write.BUSY, 0);
            return;
        }
        byte[] bytes;
        try {
            bytes = TierEncoding.encode(response, filledAt);
        } catch (IllegalStateException | IllegalArgumentException e) {
            writesInFlight.decrementAndGet();
            metrics.write(TierMetrics.Write.TOO_LARGE, 0); // freed or too large for one array meanwhile
            return;
        }
        long now = clock.millis();
        Duration expiry = Duration.ofMillis(Math.max(0, response.remainingMillis(now))).plus(settings.keepStale());
        guarded(redis.opsForValue().set(keyOf(cacheKey), bytes, expiry))
                .doFinally(signal -> writesInFlight.decrementAndGet())
                .subscribe(
                        written -> metrics.write(TierMetrics.Write.WRITTEN, bytes.length),
                        error -> metrics.write(error instanceof CallNotPermittedException
                                ? TierMetrics.Write.UNAVAILABLE : TierMetrics.Write.FAILED, 0));
    }

    @Override
    public Mono<Void> remove(String cacheKey) {
        return guarded(redis.delete(keyOf(cacheKey)))
                .then()
                .onErrorResume(error -> {
                    metrics.removeFailed();
                    log.warn("could not remove {} from the tier: {}", cacheKey, error.toString());
                    return Mono.empty();
                });
    }

    @Override
    public Mono<Void> invalidateFilledUpTo(long at) {
        return guarded(redis.execute(RAISE_FLOOR, List.of(floorKey()), List.of(TierFloor.format(at))).then())
                .onErrorResume(error -> {
                    metrics.removeFailed();
                    log.warn("could not raise the tier's floor to {}: {}", at, error.toString());
                    return Mono.empty();
                });
    }

    private String floorKey() {
        return settings.keyPrefix() + "floor";
    }

    /** {@code call} under the timeout and the circuit breaker. */
    private <T> Mono<T> guarded(Mono<T> call) {
        return call.timeout(settings.timeout()).transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    private static TierMetrics.Read failure(Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return TierMetrics.Read.UNAVAILABLE;
        }
        return error instanceof TimeoutException ? TierMetrics.Read.TIMEOUT : TierMetrics.Read.FAILED;
    }
}
