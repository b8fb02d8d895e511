package dev.geocdn.node.tier;

import dev.geocdn.cache.http.RequestFields;
import dev.geocdn.cache.purge.SurrogateKeys;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.cache.tier.TierEncoding;
import dev.geocdn.cache.tier.TierFormatException;
import dev.geocdn.cache.tier.TierIndex;
import dev.geocdn.cache.vary.VaryKeys;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveRedisOperations;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The persistence tier in Redis, through Spring Data Redis's reactive template on Lettuce: one
 * string key per cache key holding the {@link TierEncoding} of its stored response, set to expire
 * once the response has been stale for {@code keep-stale}, so that Redis's own expiry and
 * maxmemory policy bound the tier and the node never scans it.
 *
 * <p>Purges find what they cover without scanning the keyspace: before a copy is written, it
 * is listed in a set per surrogate key it carries and a set per directory of its URL
 * ({@link TierIndex}), each set living at least as long as its longest-lived copy. A URL purge
 * deletes the URL's key; a surrogate-key purge deletes every copy its set lists; a prefix purge
 * deletes the copies its directory's set lists whose URLs start with the prefix. Every command
 * and script names one key, so the same calls run on a single Redis, behind Sentinel and on a
 * Redis Cluster, where each set is one key in one hash slot and each copy lives in its own.
 *
 * <p>Responses that vary (RFC 9111 section 4.1) are kept one per variant, under the URL and the
 * variant's selection; the URL's own key then holds the fields they vary by
 * ({@link TierEncoding#encodeVariants}), so that a read takes one more round trip to find the
 * variant its request selects. A URL purge deletes the variants too, found in the URL's
 * directory set.
 *
 * <p>A purge that cannot reach Redis is kept and retried ({@link PendingPurges}); until it is
 * applied the node reads nothing from the tier, so no copy it covers comes back.
 *
 * <p>Every call runs under one timeout and one circuit breaker: while Redis is down or slow, the
 * node stops asking it for a while (each read a miss, each write skipped), then tries a few calls
 * and closes the circuit when they succeed. Writes run in the background, at most
 * {@code max-writes} at a time; beyond that they are skipped, never queued, so a slow Redis never
 * holds a client or the node's memory.
 */
public final class RedisTier implements ResponseTier {

    /**
     * Lists a copy in one index set, which then lives at least as long as the copy: KEYS[1] the
     * set; ARGV[1] the copy's cache key, the set's member, ARGV[2] the copy's expiry (ms). One key
     * per script, so that it runs on a Redis Cluster too, in the set's own slot.
     */
    private static final RedisScript<Long> INDEX = RedisScript.of("""
            redis.call('SADD', KEYS[1], ARGV[1])
            if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 1
            """, Long.class);

    /**
     * Keeps a URL's variant list, which then lives at least as long as each of its variants:
     * KEYS[1] the URL's key; ARGV[1] the list, ARGV[2] the newest variant's expiry (ms).
     */
    private static final RedisScript<Long> KEEP_VARIANTS = RedisScript.of("""
            local ttl = redis.call('PTTL', KEYS[1])
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], math.max(ttl, tonumber(ARGV[2])))
            return 1
            """, Long.class);

    /** Between a URL and its variant's selection in a variant's name: no URL holds a space. */
    private static final String VARIANT = " ";

    /** Members of an index set taken at a time by a purge. */
    private static final int PURGE_BATCH = 256;

    private static final Logger log = LoggerFactory.getLogger(RedisTier.class);

    private final ReactiveRedisOperations<String, byte[]> redis;
    private final TierProperties.Redis settings;
    private final CircuitBreaker breaker;
    private final TierMetrics metrics;
    private final Clock clock;
    private final AtomicInteger writesInFlight = new AtomicInteger();
    private final WritesInFlight writes = new WritesInFlight();
    private final PendingPurges pending = new PendingPurges();

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
    public Mono<Copy> read(String cacheKey, RequestFields request) {
        String key = keyOf(cacheKey);
        return Mono.defer(() -> {
            long start = System.nanoTime();
            if (pending.blockReads()) {
                pending.retry().subscribe(); // in the background: this read goes to the origin
                metrics.read(TierMetrics.Read.PURGE_PENDING, 0, System.nanoTime() - start);
                return Mono.empty();
            }
            return guarded(redis.opsForValue().get(key))
                    .flatMap(bytes -> TierEncoding.variants(bytes)
                            .map(names -> guarded(redis.opsForValue().get(keyOf(cacheKey + VARIANT
                                    + VaryKeys.secondaryKey(names, request)))))
                            .orElse(Mono.just(bytes)))
                    .map(bytes -> new Copy(TierEncoding.decode(bytes), bytes))
                    .flatMap(copy -> stillListed(cacheKey, copy))
                    .doOnNext(copy -> metrics.read(TierMetrics.Read.HIT, copy.bytes().length, System.nanoTime() - start))
                    .switchIfEmpty(Mono.fromRunnable(() -> metrics.read(TierMetrics.Read.MISS, 0,
                            System.nanoTime() - start)))
                    .onErrorResume(TierFormatException.class, damaged -> {
                        // another version's layout, or damaged: not served, and out of the way
                        metrics.read(TierMetrics.Read.UNREADABLE, 0, System.nanoTime() - start);
                        log.debug("unreadable tier entry {}: {}", key, damaged.getMessage());
                        return remove(cacheKey).then(Mono.empty());
                    })
                    .onErrorResume(Unlisted.class, unlisted -> {
                        // an index a purge would look in has lost it (evicted by Redis, or purged
                        // while it was written): it could outlive a purge, so it is not served
                        metrics.read(TierMetrics.Read.UNLISTED, 0, System.nanoTime() - start);
                        redis.delete(keyOf(unlisted.member)).subscribe(n -> { }, e -> { });
                        return Mono.empty();
                    })
                    .onErrorResume(error -> {
                        metrics.read(failure(error), 0, System.nanoTime() - start);
                        return Mono.empty();
                    });
        });
    }

    /** A copy no longer listed in every index set a purge would find it by. */
    private static final class Unlisted extends RuntimeException {
        private final String member;

        Unlisted(String member) {
            super(member, null, false, false);
            this.member = member;
        }
    }

    /**
     * {@code copy}, when every index set that lists it for purges (its directories' and its
     * surrogate keys') still does; otherwise an {@link Unlisted} error. One more round trip,
     * its checks sent together, paid on tier hits only: memory serves the hot set.
     */
    private Mono<Copy> stillListed(String cacheKey, Copy copy) {
        String secondary = copy.entry().secondaryKey();
        String member = secondary.isEmpty() ? cacheKey : cacheKey + VARIANT + secondary;
        List<String> sets = indexSets(cacheKey, SurrogateKeys.of(copy.entry().headers()).tags());
        if (sets.isEmpty()) {
            return Mono.just(copy);
        }
        byte[] bytes = member.getBytes(StandardCharsets.UTF_8);
        return guarded(Flux.fromIterable(sets).flatMap(set -> redis.opsForSet().isMember(set, bytes))
                .all(Boolean::booleanValue))
                .flatMap(listed -> listed ? Mono.just(copy) : Mono.error(new Unlisted(member)));
    }

    /** The index sets a copy of {@code cacheKey} with {@code tags} is listed in. */
    private List<String> indexSets(String cacheKey, java.util.Collection<String> tags) {
        List<String> sets = new ArrayList<>();
        for (String tag : tags) {
            sets.add(tagKey(tag));
        }
        for (String directory : TierIndex.directories(cacheKey)) {
            sets.add(directoryKey(directory));
        }
        return sets;
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
        // a response that varies is kept under its variant's name, and the URL's key lists the fields
        String secondary = response.secondaryKey();
        String member = secondary.isEmpty() ? cacheKey : cacheKey + VARIANT + secondary;
        List<String> sets = indexSets(cacheKey, response.surrogateKeys().tags());
        byte[] expiryMillis = ascii(Long.toString(expiry.toMillis()));
        List<byte[]> args = List.of(member.getBytes(StandardCharsets.UTF_8), expiryMillis);
        // listed first, kept after: a copy in the tier is always found by the purges that cover it
        Mono<Void> listed = Flux.fromIterable(sets).flatMap(set -> redis.execute(INDEX, List.of(set), args)).then();
        Mono<Void> variants = secondary.isEmpty() ? Mono.empty() : redis.execute(KEEP_VARIANTS, List.of(keyOf(cacheKey)),
                List.of(TierEncoding.encodeVariants(VaryKeys.fieldNames(response.headers())), expiryMillis)).then();
        long write = writes.started();
        guarded(listed.then(variants).then(redis.opsForValue().set(keyOf(member), bytes, expiry)).then())
                .doFinally(signal -> {
                    writesInFlight.decrementAndGet();
                    writes.done(write);
                })
                .subscribe(
                        nothing -> { },
                        error -> metrics.write(error instanceof CallNotPermittedException
                                ? TierMetrics.Write.UNAVAILABLE : TierMetrics.Write.FAILED, 0),
                        () -> metrics.write(TierMetrics.Write.WRITTEN, bytes.length));
    }

    @Override
    public Mono<Void> remove(String cacheKey) {
        // the URL's key, and its variants, which its directory's set lists
        List<String> directories = TierIndex.directories(cacheKey);
        return purge(cacheKey, () -> guarded(settings.purgeTimeout(), redis.delete(keyOf(cacheKey))).then(
                directories.isEmpty() ? Mono.empty()
                        : listed(directoryKey(directories.get(directories.size() - 1)), cacheKey + VARIANT)));
    }

    /** Runs {@code purge}; one that fails is kept and retried, and the tier is not read until it succeeds. */
    private Mono<Void> purge(String what, Supplier<Mono<Void>> purge) {
        return purge.get().onErrorResume(error -> {
            metrics.removeFailed();
            pending.add(what, purge);
            log.warn("could not purge {} from the tier, kept to retry: {}", what, error.toString());
            return Mono.empty();
        });
    }

    @Override
    public Mono<Void> removePrefix(String prefix) {
        String directory = TierIndex.directoryOf(prefix);
        if (directory == null) {
            return Mono.empty(); // no URL the node stores starts with it
        }
        return purgeListed(directoryKey(directory), prefix, "prefix " + prefix);
    }

    @Override
    public Mono<Void> removeTag(String tag) {
        return purgeListed(tagKey(tag), "", "surrogate key " + tag);
    }

    /**
     * Deletes the copies {@code set} lists whose cache keys start with {@code startingWith} (all
     * for an empty one). The set is read with SSCAN, a batch at a time, so that a surrogate key on
     * a million objects is purged in bounded memory, and each copy is deleted by its own key, which
     * on a Redis Cluster lives in its own slot. Members stay in the set until it expires: a copy
     * being written while the purge runs is listed before it is kept, and stays listed for the
     * next purge that covers it.
     */
    private Mono<Void> purgeListed(String set, String startingWith, String what) {
        return purge(what, () -> listed(set, startingWith));
    }

    private Mono<Void> listed(String set, String startingWith) {
        return guarded(settings.purgeTimeout(), redis.opsForSet().scan(set)
                .map(member -> new String(member, StandardCharsets.UTF_8))
                .filter(member -> member.startsWith(startingWith))
                .buffer(PURGE_BATCH)
                .concatMap(members -> Flux.fromIterable(members).flatMap(member -> redis.delete(keyOf(member))))
                .then());
    }

    @Override
    public Mono<Void> writesSettled() {
        return writes.settled();
    }

    /** Purges kept for a retry: as many as the tier has not applied yet. */
    int pendingPurges() {
        return pending.size();
    }

    private String tagKey(String tag) {
        return settings.keyPrefix() + "tag:" + tag;
    }

    private String directoryKey(String directory) {
        return settings.keyPrefix() + "dir:" + directory;
    }

    private static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code call} under the timeout and the circuit breaker. */
    private <T> Mono<T> guarded(Mono<T> call) {
        return guarded(settings.timeout(), call);
    }

    /** {@code call} under {@code timeout} and the circuit breaker. */
    private <T> Mono<T> guarded(Duration timeout, Mono<T> call) {
        return call.timeout(timeout).transformDeferred(CircuitBreakerOperator.of(breaker));
    }

    private static TierMetrics.Read failure(Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return TierMetrics.Read.UNAVAILABLE;
        }
        return error instanceof TimeoutException ? TierMetrics.Read.TIMEOUT : TierMetrics.Read.FAILED;
    }
}
