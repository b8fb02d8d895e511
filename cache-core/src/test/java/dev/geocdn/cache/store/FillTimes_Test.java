package dev.geocdn.cache.store;

import static dev.geocdn.cache.store.PurgeFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeTarget;

import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each stored response remembers when the fill that produced it started, so that another tier
 * copying it can judge it by that time; tombstones outlast the fills of this node by the
 * retention, so a copy filled elsewhere before a purge that this node forgot no fill of its own
 * needed is still recognised as purged.
 */
@DisplayName("Fill times: kept with each entry, and judged against tombstones kept for the retention")
class FillTimes_Test {

    private static final String URL = "https://a.example/img/1.png";
    /** One second in HLC units (milliseconds in the high bits). */
    private static final long SECOND = 1000L << 16;

    private static ResponseCache cache(long retention) {
        return new ResponseCache(EvictionPolicies.byName("lru"), 1 << 20, 1 << 20, 1000, retention);
    }

    @Test
    void theFillTime_survivesRevalidationBodiesAndSoftPurges() {
        StoredResponse filled = tagged("a", "").withFilledAt(42);
        assertThat(filled.withBody(filled.body()).filledAt()).isEqualTo(42);
        assertThat(filled.markedStale().filledAt()).isEqualTo(42);
        assertThat(filled.withRevalidation(filled.headers(), 1, 2, filled.directives(), 1000, 0).filledAt())
                .isEqualTo(42);
        assertThat(filled.withFilledAt(42)).isSameAs(filled);
    }

    @Test
    void aSoftPurgedEntry_keepsItsFillTime() {
        ResponseCache cache = cache(0);
        cache.store(URL, tagged("a", "").withFilledAt(17), 17);
        cache.purge(new PurgeTarget.Url(URL), PurgeMode.SOFT, 30);
        assertThat(cache.lookup(URL, Headers.EMPTY).response().filledAt()).isEqualTo(17);
    }

    @Test
    void purgedSince_namesCopiesFilledBeforeACoveringPurge_byUrlPrefixOrTag() {
        ResponseCache cache = cache(60 * SECOND);
        cache.purge(new PurgeTarget.Tag("p1"), PurgeMode.HARD, 100 * SECOND);
        cache.purge(new PurgeTarget.Prefix("https://a.example/css/"), PurgeMode.HARD, 100 * SECOND);

        assertThat(cache.purgedSince(URL, Set.of("p1"), 99 * SECOND)).isTrue();
        assertThat(cache.purgedSince("https://a.example/css/site.css", Set.of(), 99 * SECOND)).isTrue();
        assertThat(cache.purgedSince(URL, Set.of("p2"), 99 * SECOND)).isFalse();
        assertThat(cache.purgedSince(URL, Set.of("p1"), 101 * SECOND)).isFalse();
    }

    @Test
    void withARetention_tombstonesOutliveTheFillsInFlight_untilTheyAreOlderThanIt() {
        ResponseCache cache = cache(60 * SECOND);
        cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, 100 * SECOND);

        assertThat(cache.expireTombstones(130 * SECOND)).isZero();
        assertThat(cache.purgedSince(URL, Set.of(), 90 * SECOND)).isTrue();
        // a copy filled elsewhere before the purge, asked for after it: refused by its fill time
        try (InFlightFills.Fill read = cache.beginFill(140 * SECOND)) {
            assertThat(cache.storeCopy(URL, tagged("old", ""), 90 * SECOND, read.startedAt()))
                    .isEqualTo(StoreOutcome.PURGED);
        }

        assertThat(cache.expireTombstones(161 * SECOND)).isEqualTo(1);
        assertThat(cache.tombstoneCount()).isZero();
    }

    @Test
    void withoutARetention_tombstonesGoOnceNoFillNeedsThem() {
        ResponseCache cache = cache(0);
        cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, 100 * SECOND);
        assertThat(cache.tombstoneCount()).isZero();
    }

    @Test
    void aFillInFlightOlderThanTheRetention_stillKeepsItsTombstones() {
        ResponseCache cache = cache(SECOND);
        try (InFlightFills.Fill slow = cache.beginFill(10 * SECOND)) {
            cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, 20 * SECOND);
            assertThat(cache.expireTombstones(100 * SECOND)).isZero();
            assertThat(cache.store(URL, tagged("old", ""), slow.startedAt())).isEqualTo(StoreOutcome.PURGED);
        }
    }
}
