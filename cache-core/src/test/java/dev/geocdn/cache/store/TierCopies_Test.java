package dev.geocdn.cache.store;

import static dev.geocdn.cache.store.PurgeFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeTarget;

import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Copies read back from a persistence tier: a remembered purge that covers a copy and came after
 * the fill that produced it keeps the copy out; a purge older than the fill does not; a purge
 * during the read does; the floor judges the read, not the fill, so forgotten tombstones (whose
 * purges removed the copies from the tier itself) do not shut the tier out for good.
 */
@DisplayName("Copies read back from a tier: purged ones refused by the fill's time, the floor judged by the read's")
class TierCopies_Test {

    private static final String URL = "https://a.example/img/1.png";

    static Stream<PurgeTarget> targetsCoveringUrl() {
        return Stream.of(new PurgeTarget.Url(URL), new PurgeTarget.Prefix("https://a.example/img/"),
                new PurgeTarget.Tag("p1"));
    }

    private static ResponseCache cache() {
        return new ResponseCache(EvictionPolicies.byName("lru"), 1 << 20, 1 << 20);
    }

    @ParameterizedTest(name = "purged by {0} after its fill: refused")
    @MethodSource("targetsCoveringUrl")
    void aCopyFilledBeforeAPurgeThatIsStillRemembered_isRefused(PurgeTarget target) {
        ResponseCache cache = cache();
        try (InFlightFills.Fill olderFill = cache.beginFill(1); InFlightFills.Fill read = cache.beginFill(20)) {
            cache.purge(target, PurgeMode.HARD, 10); // remembered while the older fill is in flight
            assertThat(cache.storeCopy(URL, tagged("old", "img p1"), 5, read.startedAt()))
                    .isEqualTo(StoreOutcome.PURGED);
            assertThat(cache.lookup(URL, Headers.EMPTY).isHit()).isFalse();
        }
    }

    @Test
    void aCopyFilledAfterThePurge_isStored() {
        ResponseCache cache = cache();
        cache.purge(new PurgeTarget.Url(URL), PurgeMode.HARD, 10);
        try (InFlightFills.Fill read = cache.beginFill(30)) {
            assertThat(cache.storeCopy(URL, tagged("new", "img p1"), 11, read.startedAt()))
                    .isEqualTo(StoreOutcome.STORED);
        }
        assertThat(cache.lookup(URL, Headers.EMPTY).isHit()).isTrue();
    }

    @Test
    void aPurgeDuringTheRead_refusesTheCopy() {
        ResponseCache cache = cache();
        try (InFlightFills.Fill read = cache.beginFill(20)) {
            cache.purge(new PurgeTarget.Url(URL), PurgeMode.SOFT, 25);
            assertThat(cache.storeCopy(URL, tagged("old", ""), 5, read.startedAt())).isEqualTo(StoreOutcome.PURGED);
        }
    }

    @Test
    void tombstonesForgottenBeforeTheRead_doNotShutOldCopiesOut() {
        ResponseCache cache = cache();
        cache.purge(new PurgeTarget.Url("https://a.example/other"), PurgeMode.HARD, 10);
        cache.expireTombstones();
        assertThat(cache.tombstoneFloor()).isEqualTo(10);

        try (InFlightFills.Fill read = cache.beginFill(20)) {
            assertThat(cache.storeCopy(URL, tagged("filled long ago", ""), 3, read.startedAt()))
                    .isEqualTo(StoreOutcome.STORED);
        }
        // the same copy as a fill of this node's own would be below the floor
        assertThat(cache.store("https://a.example/img/2.png", tagged("x", ""), 3)).isEqualTo(StoreOutcome.BELOW_FLOOR);
    }

    @Test
    void aReadThatStartedAtOrBelowTheFloor_isRefused() {
        ResponseCache cache = cache();
        cache.purge(new PurgeTarget.Url("https://a.example/other"), PurgeMode.HARD, 10);
        cache.expireTombstones();
        assertThat(cache.storeCopy(URL, tagged("x", ""), 3, 10)).isEqualTo(StoreOutcome.BELOW_FLOOR);
    }
}
