package dev.geocdn.cache.store;

import static dev.geocdn.cache.store.PurgeFixtures.bodyOf;
import static dev.geocdn.cache.store.PurgeFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Replicas pushed from other regions: a purge always wins (a replica filled before a purge this
 * cache applied is refused), and among fills the later one wins (a replica never replaces a copy
 * filled at the same time or later). Checked one case at a time, then in randomized races of
 * fills, purges, replicas and tombstone expiry, sequential and concurrent, over many runs.
 */
@DisplayName("Replicas: purges always win, and among fills the later one wins")
class Replicas_Test {

    private static final String URL = "https://a.example/hot/1.js";
    private static final long SECOND = 1000L << 16;
    private static final long RETENTION = 60 * SECOND;

    private static ResponseCache cache() {
        return new ResponseCache(EvictionPolicies.byName("w-tinylfu"), 1 << 20, 1 << 20, 10_000, RETENTION);
    }

    private static StoredResponse version(long filledAt) {
        return tagged("v@" + filledAt, "hot").withFilledAt(filledAt);
    }

    /** The held copy's fill time, or -1 when none is held. */
    private static long held(ResponseCache cache) {
        StoredResponse held = cache.variant(URL, "");
        return held == null ? -1 : held.filledAt();
    }

    @Test
    void aReplicaOfANewerFill_replacesAnOlderCopy() {
        ResponseCache cache = cache();
        cache.store(URL, version(10 * SECOND), 10 * SECOND);
        assertThat(cache.storeReplica(URL, version(20 * SECOND), 30 * SECOND)).isEqualTo(StoreOutcome.STORED);
        assertThat(held(cache)).isEqualTo(20 * SECOND);
        assertThat(bodyOf(cache.lookup(URL, Headers.EMPTY).response())).isEqualTo("v@" + 20 * SECOND);
    }

    @Test
    void aReplicaOfTheSameOrAnOlderFill_isRefused_andTheCopyStays() {
        ResponseCache cache = cache();
        cache.store(URL, version(20 * SECOND), 20 * SECOND);
        assertThat(cache.storeReplica(URL, version(20 * SECOND), 30 * SECOND)).isEqualTo(StoreOutcome.NEWER_HELD);
        assertThat(cache.storeReplica(URL, version(15 * SECOND), 30 * SECOND)).isEqualTo(StoreOutcome.NEWER_HELD);
        assertThat(held(cache)).isEqualTo(20 * SECOND);
    }

    @Test
    void aReplicaFilledBeforeAPurgeHere_isRefused_evenWithNothingHeld() {
        ResponseCache cache = cache();
        cache.purge(new PurgeTarget.Tag("hot"), PurgeMode.HARD, 25 * SECOND);
        assertThat(cache.storeReplica(URL, version(20 * SECOND), 30 * SECOND)).isEqualTo(StoreOutcome.PURGED);
        assertThat(held(cache)).isEqualTo(-1);
        assertThat(cache.storeReplica(URL, version(26 * SECOND), 30 * SECOND)).isEqualTo(StoreOutcome.STORED);
    }

    @Test
    void anEmptyCacheReportsNothingHeld() {
        assertThat(held(cache())).isEqualTo(-1);
    }

    /**
     * One randomized run: a clock, and in random order own fills (some in flight across other
     * steps), hard and soft purges by URL and tag, replicas filled elsewhere at random times within
     * the retention, and tombstone expiry. After every step: what is held was filled after the
     * latest purge, and a replica never made the held copy older.
     */
    @RepeatedTest(200)
    void randomizedRace_neverResurrectsAPurgedCopy_norReplacesANewerOne(org.junit.jupiter.api.RepetitionInfo run) {
        SplittableRandom random = new SplittableRandom(run.getCurrentRepetition() * 7919L);
        ResponseCache cache = cache();
        long now = 1000 * SECOND;
        long lastPurge = Long.MIN_VALUE;
        List<InFlightFills.Fill> inFlight = new ArrayList<>();
        for (int step = 0; step < 300; step++) {
            now += 1 + random.nextLong(SECOND / 4);
            long before = held(cache);
            switch (random.nextInt(6)) {
                case 0 -> inFlight.add(cache.beginFill(now)); // a fill leaves for the origin
                case 1 -> { // a fill in flight comes back
                    if (!inFlight.isEmpty()) {
                        InFlightFills.Fill fill = inFlight.remove(random.nextInt(inFlight.size()));
                        cache.store(URL, version(fill.startedAt()), fill.startedAt());
                        fill.close();
                    }
                }
                case 2 -> {
                    PurgeTarget target = random.nextBoolean() ? new PurgeTarget.Url(URL) : new PurgeTarget.Tag("hot");
                    cache.purge(target, random.nextBoolean() ? PurgeMode.HARD : PurgeMode.SOFT, now);
                    lastPurge = now;
                }
                case 3, 4 -> { // a replica filled elsewhere, up to half the retention ago, arrives
                    long filledAt = now - random.nextLong(RETENTION / 2);
                    StoreOutcome outcome = cache.storeReplica(URL, version(filledAt), now);
                    if (outcome == StoreOutcome.STORED) {
                        assertThat(filledAt).as("a stored replica is newer than what was held").isGreaterThan(before);
                        assertThat(held(cache)).isEqualTo(filledAt);
                    } else {
                        assertThat(held(cache)).as("a refused replica leaves the held copy alone").isEqualTo(before);
                    }
                }
                default -> cache.expireTombstones(now);
            }
            StoredResponse current = cache.lookup(URL, Headers.EMPTY).isHit() ? cache.lookup(URL, Headers.EMPTY).response()
                    : null;
            if (current != null && current.isFresh(PurgeFixtures.T0)) {
                assertThat(current.filledAt()).as("step %d: a fresh copy filled at or before the purge at %d",
                        step, lastPurge).isGreaterThan(lastPurge);
            }
        }
        inFlight.forEach(InFlightFills.Fill::close);
    }

    @RepeatedTest(20)
    void concurrentRace_neverResurrectsAPurgedCopy() throws Exception {
        ResponseCache cache = cache();
        AtomicLong clock = new AtomicLong(1000 * SECOND);
        AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(thread * 31L + System.nanoTime());
                start.await();
                for (int i = 0; i < 2_000; i++) {
                    long now = clock.addAndGet(1 + random.nextLong(1000));
                    if (thread == 0 && i % 10 == 0) {
                        lastPurge.set(now); // noted before it applies: any copy filled at or before it must go
                        cache.purge(new PurgeTarget.Tag("hot"), PurgeMode.HARD, now);
                    } else if (thread == 1) {
                        try (InFlightFills.Fill fill = cache.beginFill(now)) {
                            cache.store(URL, version(fill.startedAt()), fill.startedAt());
                        }
                    } else {
                        cache.storeReplica(URL, version(now - random.nextLong(RETENTION / 2)), now);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        long held = held(cache);
        assertThat(held == -1 || held > lastPurge.get())
                .as("held copy filled at %d, last purge at %d", held, lastPurge.get()).isTrue();
    }
}
