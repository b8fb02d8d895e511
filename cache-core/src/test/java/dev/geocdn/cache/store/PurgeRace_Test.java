package dev.geocdn.cache.store;

import static dev.geocdn.cache.store.PurgeFixtures.T0;
import static dev.geocdn.cache.store.PurgeFixtures.bodyOf;
import static dev.geocdn.cache.store.PurgeFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeResult;
import dev.geocdn.cache.purge.PurgeTarget;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The race a tombstone exists for: a fill that started before a purge of its URL, of a prefix
 * of it or of one of its tags, and finishes after it. Over seeded random interleavings of fill
 * starts, purges and fill ends, checked against a reference model: such a fill is never present
 * once both are done (hard), or present only stale (soft), and a fill that started after every
 * purge covering it is stored. Then the same with real threads.
 */
@DisplayName("Purge races: a fill that started before a purge never outlives it, for every eviction policy")
class PurgeRace_Test {

    private static final List<String> URLS = List.of(
            "https://a.example/x/1", "https://a.example/x/2", "https://a.example/y/1", "https://b.example/x/1");
    /** More URLs for the threads, so that fills often create keys a purge has not indexed yet. */
    private static final List<String> MANY_URLS = Stream.of("https://a.example/x/", "https://a.example/y/",
            "https://b.example/x/").flatMap(dir -> Stream.iterate(0, i -> i + 1).limit(12).map(i -> dir + i)).toList();
    private static final List<String> TAG_SETS = List.of("", "t1", "t2", "t1 t2");

    static Stream<String> policies() {
        return PurgeFixtures.policies();
    }

    /** A fill: which URL, with which tags; its start time once begun. */
    private static final class Fill {
        final int id;
        final String url;
        final Set<String> tags;
        final String tagField;
        long startedAt = -1;
        InFlightFills.Fill handle;
        StoreOutcome outcome;

        Fill(int id, String url, String tagField) {
            this.id = id;
            this.url = url;
            this.tagField = tagField;
            this.tags = tagField.isEmpty() ? Set.of() : Set.of(tagField.split(" "));
        }
    }

    private record Purge(PurgeTarget target, PurgeMode mode, long at) {
        boolean covers(String url, Set<String> tags) {
            return switch (target) {
                case PurgeTarget.Url u -> url.equals(u.value());
                case PurgeTarget.Prefix p -> url.startsWith(p.value());
                case PurgeTarget.Tag t -> tags.contains(t.value());
            };
        }
    }

    /** What the model holds for a URL: the fill whose response is stored, and whether it was marked stale. */
    private record Held(Fill fill, boolean stale) {
    }

    @ParameterizedTest(name = "{0}: 2000 seeded interleavings against a model")
    @MethodSource("policies")
    void seededInterleavings_matchTheModel(String policy) {
        int purgedFills = 0;
        for (int seed = 0; seed < 2_000; seed++) {
            purgedFills += runInterleaving(policy, seed);
        }
        assertThat(purgedFills).as("fills refused across all interleavings").isPositive();
    }

    /** Runs one random interleaving; returns how many fills were refused. */
    private static int runInterleaving(String policy, long seed) {
        Random random = new Random(seed);
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 1 << 20, 1 << 16);
        List<Fill> fills = new ArrayList<>();
        List<Object> events = new ArrayList<>();
        for (int i = 2 + random.nextInt(5); i > 0; i--) {
            Fill fill = new Fill(fills.size(), URLS.get(random.nextInt(URLS.size())),
                    TAG_SETS.get(random.nextInt(TAG_SETS.size())));
            fills.add(fill);
            events.add(fill); // the first occurrence starts it,
            events.add(fill); // the second finishes it
        }
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            events.add(randomTarget(random));
        }
        Collections.shuffle(events, random);

        Map<String, Held> model = new HashMap<>();
        List<Purge> purges = new ArrayList<>();
        List<String> log = new ArrayList<>();
        long clock = 0;
        int refused = 0;
        for (Object event : events) {
            long now = ++clock;
            if (event instanceof PurgeTarget target) {
                PurgeMode mode = random.nextBoolean() ? PurgeMode.HARD : PurgeMode.SOFT;
                Purge purge = new Purge(target, mode, now);
                purges.add(purge);
                log.add(mode + " purge of " + target + " at " + now);
                long reached = 0;
                for (Map.Entry<String, Held> held : new ArrayList<>(model.entrySet())) {
                    if (purge.covers(held.getKey(), held.getValue().fill().tags)) {
                        reached++;
                        if (mode == PurgeMode.HARD) {
                            model.remove(held.getKey());
                        } else {
                            model.put(held.getKey(), new Held(held.getValue().fill(), true));
                        }
                    }
                }
                PurgeResult result = cache.purge(target, mode, now);
                assertThat(result).as("seed %d: %s", seed, log).isEqualTo(new PurgeResult(reached, reached));
            } else {
                Fill fill = (Fill) event;
                if (fill.handle == null) {
                    fill.startedAt = now;
                    fill.handle = cache.beginFill(now);
                    log.add("fill " + fill.id + " of " + fill.url + " [" + fill.tagField + "] starts at " + now);
                    continue;
                }
                boolean covered = purges.stream().anyMatch(p -> p.at() >= fill.startedAt && p.covers(fill.url, fill.tags));
                fill.outcome = cache.store(fill.url, tagged("fill " + fill.id, fill.tagField), fill.startedAt);
                fill.handle.close();
                log.add("fill " + fill.id + " ends at " + now + ": " + fill.outcome);
                assertThat(fill.outcome).as("seed %d: %s", seed, log)
                        .isEqualTo(covered ? StoreOutcome.PURGED : StoreOutcome.STORED);
                if (covered) {
                    refused++;
                } else {
                    model.put(fill.url, new Held(fill, false));
                }
            }
        }

        for (String url : URLS) {
            Lookup lookup = cache.lookup(url, Headers.EMPTY);
            Held held = model.get(url);
            assertThat(lookup.isHit()).as("seed %d, %s present: %s", seed, url, log).isEqualTo(held != null);
            if (held == null) {
                continue;
            }
            assertThat(bodyOf(lookup.response())).as("seed %d: %s", seed, log).isEqualTo("fill " + held.fill().id);
            assertThat(lookup.response().isFresh(T0)).as("seed %d, %s fresh: %s", seed, url, log).isEqualTo(!held.stale());
            for (Purge purge : purges) {
                if (purge.at() > held.fill().startedAt && purge.covers(url, held.fill().tags)) {
                    assertThat(purge.mode()).as("seed %d: a fill outlived a hard purge that followed its start: %s",
                            seed, log).isEqualTo(PurgeMode.SOFT);
                    assertThat(lookup.response().isFresh(T0)).isFalse();
                }
            }
        }
        cache.expireTombstones();
        assertThat(cache.tombstoneCount()).as("no fill in flight, no tombstone").isZero();
        PurgeFixtures.assertIndexMatchesStore(cache);
        return refused;
    }

    private static PurgeTarget randomTarget(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new PurgeTarget.Url(URLS.get(random.nextInt(URLS.size())));
            case 1 -> new PurgeTarget.Prefix(random.nextBoolean() ? "https://a.example/x/" : "https://a.example/");
            default -> new PurgeTarget.Tag(random.nextBoolean() ? "t1" : "t2");
        };
    }

    private record FillLog(int id, String url, Set<String> tags, long startedAt, StoreOutcome outcome) {
    }

    @ParameterizedTest(name = "{0}: real threads: no fill outlives a later hard purge covering it")
    @MethodSource("policies")
    @Timeout(60)
    void realThreads_neverKeepAFillThatStartedBeforeAHardPurgeCoveringIt(String policy) throws Exception {
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 1 << 20, 1 << 16);
        AtomicLong hlc = new AtomicLong();
        AtomicInteger ids = new AtomicInteger();
        ConcurrentLinkedQueue<FillLog> fills = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Purge> purges = new ConcurrentLinkedQueue<>();
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Random random = new Random(round * 100L + t);
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 300; i++) {
                            if (random.nextInt(5) == 0) {
                                PurgeTarget target = random.nextInt(3) == 0
                                        ? new PurgeTarget.Url(MANY_URLS.get(random.nextInt(MANY_URLS.size())))
                                        : randomTarget(random);
                                PurgeMode mode = random.nextBoolean() ? PurgeMode.HARD : PurgeMode.SOFT;
                                long at = hlc.incrementAndGet();
                                cache.purge(target, mode, at);
                                purges.add(new Purge(target, mode, at));
                            } else {
                                fill(cache, hlc, ids.incrementAndGet(), random, fills);
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : futures) {
                    future.get(30, TimeUnit.SECONDS);
                }
                assertNoFillOutlivedALaterPurge(cache, fills, purges);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(fills).extracting(FillLog::outcome).contains(StoreOutcome.STORED, StoreOutcome.PURGED);
        for (String url : MANY_URLS) {
            try (InFlightFills.Fill after = cache.beginFill(hlc.incrementAndGet())) {
                assertThat(cache.store(url, tagged("after", "t1 t2"), after.startedAt()))
                        .as("a fill started after every purge").isEqualTo(StoreOutcome.STORED);
            }
        }
        cache.expireTombstones();
        assertThat(cache.tombstoneCount()).as("no fill in flight, no tombstone").isZero();
    }

    private static void fill(ResponseCache cache, AtomicLong hlc, int id, Random random,
                             ConcurrentLinkedQueue<FillLog> log) {
        String url = MANY_URLS.get(random.nextInt(MANY_URLS.size()));
        String tagField = TAG_SETS.get(random.nextInt(TAG_SETS.size()));
        long startedAt = hlc.incrementAndGet();
        try (InFlightFills.Fill fill = cache.beginFill(startedAt)) {
            for (int spin = random.nextInt(2_000); spin > 0; spin--) {
                Thread.onSpinWait(); // the origin answering
            }
            StoreOutcome outcome = cache.store(url, tagged("fill " + id, tagField), fill.startedAt());
            log.add(new FillLog(id, url, tagField.isEmpty() ? Set.of() : Set.of(tagField.split(" ")), startedAt,
                    outcome));
        }
    }

    private static void assertNoFillOutlivedALaterPurge(ResponseCache cache, ConcurrentLinkedQueue<FillLog> fills,
                                                        ConcurrentLinkedQueue<Purge> purges) {
        Map<Integer, FillLog> byId = new HashMap<>();
        fills.forEach(fill -> byId.put(fill.id(), fill));
        for (String url : MANY_URLS) {
            Lookup lookup = cache.lookup(url, Headers.EMPTY);
            if (!lookup.isHit()) {
                continue;
            }
            FillLog fill = byId.get(Integer.parseInt(bodyOf(lookup.response()).substring("fill ".length())));
            assertThat(fill.outcome()).isEqualTo(StoreOutcome.STORED);
            for (Purge purge : purges) {
                if (purge.at() > fill.startedAt() && purge.covers(url, fill.tags())) {
                    assertThat(purge.mode()).as("fill %s outlived %s", fill, purge).isEqualTo(PurgeMode.SOFT);
                    assertThat(lookup.response().isFresh(T0)).as("fill %s after %s", fill, purge).isFalse();
                }
            }
        }
    }
}
