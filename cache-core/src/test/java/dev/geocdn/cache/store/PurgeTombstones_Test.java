package dev.geocdn.cache.store;

import static dev.geocdn.cache.store.PurgeFixtures.T0;
import static dev.geocdn.cache.store.PurgeFixtures.bodyOf;
import static dev.geocdn.cache.store.PurgeFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.freshness.CacheRules;
import dev.geocdn.cache.freshness.Revalidation;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.memory.OffHeapBody;
import dev.geocdn.cache.memory.SlabAllocator;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeTarget;
import dev.geocdn.cache.purge.SurrogateKeys;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tombstones seen through the cache, for every eviction policy: a fill, revalidation or replica
 * that started before a purge covering it is not stored, one that started after is; tombstones
 * expire with the fills that needed them; a refused store takes no reference on its body.
 */
@DisplayName("Purge tombstones: what started before a purge is not stored, for every eviction policy")
class PurgeTombstones_Test {

    private static final String URL = "https://a.example/img/1.png";

    static Stream<String> policies() {
        return PurgeFixtures.policies();
    }

    static Stream<Arguments> targetsCoveringUrl() {
        return PurgeFixtures.policies().flatMap(policy -> Stream.of(
                new PurgeTarget.Url(URL), new PurgeTarget.Prefix("https://a.example/img/"),
                new PurgeTarget.Prefix("https://a.example/"), new PurgeTarget.Tag("p1"))
                .flatMap(target -> Stream.of(PurgeMode.values()).map(mode -> Arguments.of(policy, target, mode))));
    }

    @ParameterizedTest(name = "{0}: {2} purge of {1}: the fill started before is refused, the one after stored")
    @MethodSource("targetsCoveringUrl")
    void aFillStartedBeforeAPurge_isRefused_andOneStartedAfter_isStored(String policy, PurgeTarget target,
                                                                        PurgeMode mode) {
        ResponseCache cache = cache(policy);
        try (InFlightFills.Fill before = cache.beginFill(5)) {
            cache.purge(target, mode, 10);

            assertThat(cache.store(URL, tagged("old", "img p1"), before.startedAt())).isEqualTo(StoreOutcome.PURGED);
            assertThat(cache.lookup(URL, Headers.EMPTY).isHit()).isFalse();
        }
        try (InFlightFills.Fill after = cache.beginFill(11)) {
            assertThat(cache.store(URL, tagged("new", "img p1"), after.startedAt())).isEqualTo(StoreOutcome.STORED);
        }
        assertThat(bodyOf(cache.lookup(URL, Headers.EMPTY).response())).isEqualTo("new");
    }

    @ParameterizedTest(name = "{0}: a fill started at the purge's own time is refused")
    @MethodSource("policies")
    void aFillStartedAtThePurgesTime_isRefused(String policy) {
        ResponseCache cache = cache(policy);
        try (InFlightFills.Fill fill = cache.beginFill(10)) {
            cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, 10);
            assertThat(cache.store(URL, tagged("same instant", ""), fill.startedAt())).isEqualTo(StoreOutcome.PURGED);
        }
    }

    @ParameterizedTest(name = "{0}: a purge of something else refuses nothing while the fill is registered")
    @MethodSource("policies")
    void aRegisteredFill_isNotRefused_byAPurgeOfSomethingElse(String policy) {
        ResponseCache cache = cache(policy);
        try (InFlightFills.Fill fill = cache.beginFill(5)) {
            cache.purge(new PurgeTarget.Url("https://a.example/other"), PurgeMode.HARD, 10);
            cache.purge(new PurgeTarget.Tag("p2"), PurgeMode.HARD, 11);
            cache.purge(new PurgeTarget.Prefix("https://a.example/css/"), PurgeMode.HARD, 12);

            assertThat(cache.store(URL, tagged("kept", "p1"), fill.startedAt())).isEqualTo(StoreOutcome.STORED);
        }
    }

    @ParameterizedTest(name = "{0}: a revalidation started before a soft purge leaves the entry stale")
    @MethodSource("policies")
    void aRevalidationStartedBeforeASoftPurge_doesNotMakeTheEntryFreshAgain(String policy) {
        ResponseCache cache = cache(policy);
        StoredResponse stored = tagged("v1", "p1");
        cache.store(URL, stored, 1);
        StoredResponse freshened = Revalidation.freshen(stored, Headers.of("Cache-Control", "max-age=600"),
                T0 + 1000, T0 + 1000, CacheRules.defaults()).orElseThrow();

        try (InFlightFills.Fill revalidation = cache.beginFill(5)) {
            cache.purge(new PurgeTarget.Tag("p1"), PurgeMode.SOFT, 10);
            assertThat(cache.store(URL, freshened, revalidation.startedAt())).isEqualTo(StoreOutcome.PURGED);
        }
        StoredResponse after = cache.lookup(URL, Headers.EMPTY).response();
        assertThat(after.isFresh(T0 + 1000)).isFalse();
        assertThat(bodyOf(after)).isEqualTo("v1");

        try (InFlightFills.Fill later = cache.beginFill(11)) {
            assertThat(cache.store(URL, freshened, later.startedAt())).isEqualTo(StoreOutcome.STORED);
        }
        assertThat(cache.lookup(URL, Headers.EMPTY).response().isFresh(T0 + 1000)).isTrue();
    }

    @ParameterizedTest(name = "{0}: a refused store leaves the variant already stored as it was")
    @MethodSource("policies")
    void aRefusedStore_leavesTheStoredVariantAlone(String policy) {
        ResponseCache cache = cache(policy);
        try (InFlightFills.Fill old = cache.beginFill(5)) {
            cache.purge(new PurgeTarget.Tag("p9"), PurgeMode.HARD, 10);
            StoredResponse current = tagged("current", "p1");
            assertThat(cache.store(URL, current, 11)).isEqualTo(StoreOutcome.STORED);

            assertThat(cache.store(URL, tagged("older, newly tagged", "p1 p9"), old.startedAt()))
                    .isEqualTo(StoreOutcome.PURGED);

            assertThat(cache.lookup(URL, Headers.EMPTY).response()).isSameAs(current);
            assertThat(cache.index().tagsOf(URL)).containsExactly("p1");
        }
    }

    @ParameterizedTest(name = "{0}: the store without a start time is not checked")
    @MethodSource("policies")
    void theStoreWithoutAStartTime_isNotChecked(String policy) {
        ResponseCache cache = cache(policy);
        cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, Long.MAX_VALUE - 1);

        cache.store(URL, tagged("unchecked", ""));

        assertThat(cache.lookup(URL, Headers.EMPTY).isHit()).isTrue();
    }

    @ParameterizedTest(name = "{0}: too many tags, or too large a body, is not stored and says why")
    @MethodSource("policies")
    void unstorableResponses_sayWhy(String policy) {
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 1 << 20, 10);
        String tooMany = IntStream.rangeClosed(0, SurrogateKeys.MAX_TAGS).mapToObj(i -> "t" + i)
                .collect(Collectors.joining(" "));

        assertThat(cache.store(URL, tagged("short", tooMany), 1)).isEqualTo(StoreOutcome.TAGS_OUT_OF_BOUNDS);
        assertThat(cache.store(URL, tagged("eleven bytes", ""), 1)).isEqualTo(StoreOutcome.TOO_LARGE);
        assertThat(cache.objectCount()).isZero();
        assertThat(cache.index().size()).isZero();
    }

    @ParameterizedTest(name = "{0}: tombstones last while an older fill is in flight, then expire")
    @MethodSource("policies")
    void tombstones_expireOnceNoOlderFillIsInFlight(String policy) {
        ResponseCache cache = cache(policy);
        InFlightFills.Fill old = cache.beginFill(5);
        InFlightFills.Fill newer = cache.beginFill(20);
        cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, 10);
        cache.purge(new PurgeTarget.Tag("p1"), PurgeMode.HARD, 30);
        assertThat(cache.tombstoneCount()).isEqualTo(2);

        old.close();
        assertThat(cache.expireTombstones()).as("older than the fill started at 20").isEqualTo(1);
        assertThat(cache.tombstoneCount()).isEqualTo(1);
        assertThat(cache.store(URL, tagged("from the fill at 20", "p1"), newer.startedAt()))
                .as("the tag purge at 30 still covers it").isEqualTo(StoreOutcome.PURGED);

        newer.close();
        assertThat(cache.expireTombstones()).isEqualTo(1);
        assertThat(cache.tombstoneCount()).isZero();
        assertThat(cache.fillsInFlight()).isZero();
        assertThat(cache.tombstoneFloor()).isEqualTo(30);
    }

    @ParameterizedTest(name = "{0}: with nothing in flight a purge keeps no tombstone, yet refuses a late-registered older fill")
    @MethodSource("policies")
    void aFillThatRegisteredAfterTheSweep_isRefusedByTheFloor(String policy) {
        ResponseCache cache = cache(policy);
        long startedAt = 5; // read from the clock before the purge, registered after it

        cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, 10);
        assertThat(cache.tombstoneCount()).isZero();

        try (InFlightFills.Fill late = cache.beginFill(startedAt)) {
            assertThat(cache.store(URL, tagged("resurrected?", ""), late.startedAt()))
                    .isEqualTo(StoreOutcome.BELOW_FLOOR);
        }
        assertThat(cache.lookup(URL, Headers.EMPTY).isHit()).isFalse();
    }

    @ParameterizedTest(name = "{0}: past the tombstone bound, older fills are refused until done, newer ones stored")
    @MethodSource("policies")
    void pastTheTombstoneBound_olderFillsAreRefused_newerOnesStored(String policy) {
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 1 << 20, 1 << 16, 2);
        try (InFlightFills.Fill old = cache.beginFill(5)) {
            for (int t = 10; t < 14; t++) {
                cache.purge(new PurgeTarget.Url("https://a.example/purged/" + t), PurgeMode.HARD, t);
            }
            assertThat(cache.tombstoneCount()).isEqualTo(2);
            assertThat(cache.tombstoneFloor()).isEqualTo(11);

            assertThat(cache.store(URL, tagged("unrelated but old", ""), old.startedAt()))
                    .isEqualTo(StoreOutcome.BELOW_FLOOR);
            assertThat(cache.store(URL, tagged("unrelated, newer", ""), 12)).isEqualTo(StoreOutcome.STORED);
            assertThat(cache.store("https://a.example/purged/13", tagged("covered", ""), 12))
                    .isEqualTo(StoreOutcome.PURGED);
        }
    }

    @ParameterizedTest(name = "{0}: clear keeps the tombstones")
    @MethodSource("policies")
    void clear_keepsTheTombstones(String policy) {
        ResponseCache cache = cache(policy);
        try (InFlightFills.Fill fill = cache.beginFill(5)) {
            cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, 10);
            cache.clear();
            assertThat(cache.store(URL, tagged("old", ""), fill.startedAt())).isEqualTo(StoreOutcome.PURGED);
        }
    }

    @ParameterizedTest(name = "{0}: a refused store takes no reference on its body")
    @MethodSource("policies")
    void aRefusedStore_takesNoReferenceOnItsBody(String policy) {
        try (SlabAllocator allocator = new SlabAllocator(1 << 20)) {
            ResponseCache cache = cache(policy);
            OffHeapBody body = allocator.copyOf(Body.of(new byte[1000]));
            try (InFlightFills.Fill fill = cache.beginFill(5)) {
                cache.purge(new PurgeTarget.Tag("p1"), PurgeMode.HARD, 10);
                assertThat(cache.store(URL, tagged(body, "p1", Headers.EMPTY), fill.startedAt()))
                        .isEqualTo(StoreOutcome.PURGED);
            }
            assertThat(body.refCnt()).as("only the caller's").isEqualTo(1);
            body.release();
            assertThat(allocator.stats().allocatedBytes()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}: purged bodies are released exactly once; soft-purged ones are kept")
    @MethodSource("policies")
    void purgedBodies_areReleasedExactlyOnce(String policy) {
        try (SlabAllocator allocator = new SlabAllocator(1 << 20)) {
            ResponseCache cache = cache(policy);
            OffHeapBody gzip = allocator.copyOf(Body.of(new byte[1000]));
            OffHeapBody br = allocator.copyOf(Body.of(new byte[2000]));
            OffHeapBody other = allocator.copyOf(Body.of(new byte[3000]));
            cache.store(URL, tagged(gzip, "p1 img", Headers.of("Accept-Encoding", "gzip")), 1);
            cache.store(URL, tagged(br, "img", Headers.of("Accept-Encoding", "br")), 1);
            cache.store("https://a.example/other", tagged(other, "img", Headers.EMPTY), 1);
            gzip.release();
            br.release();
            other.release();

            assertThat(cache.purge(new PurgeTarget.Tag("p1"), PurgeMode.HARD, 10).variants()).isEqualTo(1);
            assertThat(gzip.refCnt()).as("the purged variant's body is freed").isZero();
            assertThat(br.refCnt()).as("the other variant's is still held once").isEqualTo(1);

            assertThat(cache.purge(new PurgeTarget.Tag("img"), PurgeMode.SOFT, 11).variants()).isEqualTo(2);
            assertThat(br.refCnt()).as("soft: still held once").isEqualTo(1);
            assertThat(other.refCnt()).isEqualTo(1);

            assertThat(cache.purge(new PurgeTarget.Prefix("https://a.example/"), PurgeMode.HARD, 12).urls())
                    .isEqualTo(2);
            assertThat(br.refCnt()).isZero();
            assertThat(other.refCnt()).isZero();
            assertThat(allocator.stats().allocatedBytes()).isZero();
            assertThat(cache.storedBytes()).isZero();
        }
    }

    private static ResponseCache cache(String policy) {
        return new ResponseCache(EvictionPolicies.byName(policy), 1 << 20, 1 << 16);
    }
}
