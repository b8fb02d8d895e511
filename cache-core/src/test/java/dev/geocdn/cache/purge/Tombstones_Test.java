package dev.geocdn.cache.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.geocdn.cache.purge.Tombstones.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Tombstones: a store that started at or before a purge covering it is refused")
class Tombstones_Test {

    private static final long PURGED_AT = 100;

    static Stream<Arguments> coverage() {
        PurgeTarget url = new PurgeTarget.Url("https://a.example/x.png");
        PurgeTarget dir = new PurgeTarget.Prefix("https://a.example/img/");
        PurgeTarget stem = new PurgeTarget.Prefix("https://a.example/img");
        PurgeTarget tag = new PurgeTarget.Tag("p1");
        return Stream.of(
            Arguments.of(url, "https://a.example/x.png", Set.of(), 99, Verdict.PURGED),
            Arguments.of(url, "https://a.example/x.png", Set.of(), 100, Verdict.PURGED),
            Arguments.of(url, "https://a.example/x.png", Set.of(), 101, Verdict.CLEAR),
            Arguments.of(url, "https://a.example/x.png?v=2", Set.of(), 99, Verdict.CLEAR),
            Arguments.of(url, "https://a.example/y.png", Set.of(), 99, Verdict.CLEAR),
            Arguments.of(dir, "https://a.example/img/1.png", Set.of(), 99, Verdict.PURGED),
            Arguments.of(dir, "https://a.example/img/", Set.of(), 100, Verdict.PURGED),
            Arguments.of(dir, "https://a.example/img/1.png", Set.of(), 101, Verdict.CLEAR),
            Arguments.of(dir, "https://a.example/img", Set.of(), 99, Verdict.CLEAR),
            Arguments.of(dir, "https://a.example/imgs/1.png", Set.of(), 99, Verdict.CLEAR),
            Arguments.of(stem, "https://a.example/imgs/1.png", Set.of(), 99, Verdict.PURGED),
            Arguments.of(tag, "https://a.example/any", Set.of("p2", "p1"), 99, Verdict.PURGED),
            Arguments.of(tag, "https://a.example/any", Set.of("p1"), 101, Verdict.CLEAR),
            Arguments.of(tag, "https://a.example/any", Set.of("P1"), 99, Verdict.CLEAR),
            Arguments.of(tag, "https://a.example/any", Set.of(), 99, Verdict.CLEAR));
    }

    @ParameterizedTest(name = "purge of {0} at 100; store of {1} tagged {2} started at {3}: {4}")
    @MethodSource("coverage")
    void aPurge_coversStoresThatStartedAtOrBeforeIt(PurgeTarget target, String url, Set<String> tags, long startedAt,
                                                    Verdict expected) {
        Tombstones tombstones = new Tombstones();
        tombstones.record(target, PURGED_AT);

        assertThat(tombstones.verdict(url, tags, startedAt)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: latest covering prefix purge at {1}")
    @CsvSource({
        "https://a.example/b/c/x,   10",
        "https://a.example/b/,      10",
        "https://a.example/bz,      10",
        "https://a.example/bb/1,    20",
        "https://a.example/b/d,     30",
        "https://a.example/z,       10",
        "https://b.example/b/c/x,   -1",
        "https://a.example,         -1",
    })
    void theLatestOfEveryPrefixOfTheUrl_counts(String url, long latest) {
        Tombstones tombstones = new Tombstones();
        Map.of("https://a.example/", 10L, "https://a.example/b/", 5L, "https://a.example/b/c", 7L,
                "https://a.example/bb", 20L, "https://a.example/b/d", 30L, "https://a.example/m", 50L)
                .forEach((prefix, time) -> tombstones.record(new PurgeTarget.Prefix(prefix), time));

        assertThat(latestCovering(tombstones, url, 60)).isEqualTo(latest);
    }

    @Test
    void prefixLookup_agreesWithAScanOfEveryPrefix_onRandomKeys() {
        Random random = new Random(5861);
        for (int round = 0; round < 200; round++) {
            Tombstones tombstones = new Tombstones();
            Map<String, Long> model = new HashMap<>();
            for (int i = 0; i < 1 + random.nextInt(12); i++) {
                String prefix = randomPath(random, 1 + random.nextInt(4));
                long time = 1 + random.nextInt(50);
                tombstones.record(new PurgeTarget.Prefix(prefix), time);
                model.merge(prefix, time, Math::max);
            }
            for (int i = 0; i < 20; i++) {
                String url = randomPath(random, 1 + random.nextInt(6));
                long expected = model.entrySet().stream().filter(e -> url.startsWith(e.getKey()))
                        .mapToLong(Map.Entry::getValue).max().orElse(-1);
                assertThat(latestCovering(tombstones, url, 51)).as("%s in %s", url, model).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "purged at {0} then at {1}: the later, {2}, is kept")
    @CsvSource({"100, 50, 100", "50, 100, 100", "70, 70, 70"})
    void purgingTwice_keepsTheLaterTime(long first, long second, long kept) {
        Tombstones tombstones = new Tombstones();
        PurgeTarget target = new PurgeTarget.Tag("t");
        tombstones.record(target, first);
        tombstones.record(target, second);

        assertThat(tombstones.size()).isEqualTo(1);
        assertThat(tombstones.verdict("u", Set.of("t"), kept)).isEqualTo(Verdict.PURGED);
        assertThat(tombstones.verdict("u", Set.of("t"), kept + 1)).isEqualTo(Verdict.CLEAR);
    }

    @Test
    void forgetBefore_dropsOlderTombstones_andRefusesStoresAtOrBelowTheirTimes() {
        Tombstones tombstones = new Tombstones();
        tombstones.record(new PurgeTarget.Url("u1"), 10);
        tombstones.record(new PurgeTarget.Tag("t"), 20);
        tombstones.record(new PurgeTarget.Prefix("u"), 30);

        assertThat(tombstones.forgetBefore(25)).isEqualTo(2);

        assertThat(tombstones.size()).isEqualTo(1);
        assertThat(tombstones.floor()).isEqualTo(20);
        assertThat(tombstones.verdict("x", Set.of(), 20)).as("at the floor").isEqualTo(Verdict.BELOW_FLOOR);
        assertThat(tombstones.verdict("x", Set.of("t"), 21)).as("the tag's tombstone is gone").isEqualTo(Verdict.CLEAR);
        assertThat(tombstones.verdict("u2", Set.of(), 21)).as("the prefix's is kept").isEqualTo(Verdict.PURGED);
        assertThat(tombstones.forgetBefore(25)).isZero();
    }

    @Test
    void forgetAll_dropsEverything_andTheFloorBecomesTheLatest() {
        Tombstones tombstones = new Tombstones();
        tombstones.record(new PurgeTarget.Url("u1"), 10);
        tombstones.record(new PurgeTarget.Url("u2"), 40);

        assertThat(tombstones.forgetAll()).isEqualTo(2);

        assertThat(tombstones.size()).isZero();
        assertThat(tombstones.floor()).isEqualTo(40);
        assertThat(tombstones.verdict("other", Set.of(), 40)).isEqualTo(Verdict.BELOW_FLOOR);
        assertThat(tombstones.verdict("u1", Set.of(), 41)).isEqualTo(Verdict.CLEAR);
    }

    @Test
    void pastTheBound_theOldestGo_andTheFloorRises_soNothingOlderIsStored() {
        Tombstones tombstones = new Tombstones(3);
        for (long t = 1; t <= 5; t++) {
            tombstones.record(new PurgeTarget.Url("u" + t), t);
        }

        assertThat(tombstones.size()).isEqualTo(3);
        assertThat(tombstones.floor()).isEqualTo(2);
        assertThat(tombstones.verdict("u1", Set.of(), 1)).as("its tombstone is gone, the floor refuses it")
                .isEqualTo(Verdict.BELOW_FLOOR);
        assertThat(tombstones.verdict("unrelated", Set.of(), 2)).isEqualTo(Verdict.BELOW_FLOOR);
        assertThat(tombstones.verdict("unrelated", Set.of(), 3)).isEqualTo(Verdict.CLEAR);
        assertThat(tombstones.verdict("u4", Set.of(), 3)).isEqualTo(Verdict.PURGED);
    }

    @Test
    void admit_runsTheWriteOnlyWhenClear() {
        Tombstones tombstones = new Tombstones();
        tombstones.record(new PurgeTarget.Url("u"), 10);
        List<String> writes = new ArrayList<>();

        assertThat(tombstones.admit("u", Set.of(), 9, () -> writes.add("old"))).isEqualTo(Verdict.PURGED);
        assertThat(tombstones.admit("u", Set.of(), 11, () -> writes.add("new"))).isEqualTo(Verdict.CLEAR);

        assertThat(writes).containsExactly("new");
    }

    @Test
    void aNonPositiveBound_isRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Tombstones(0));
    }

    @ParameterizedTest(name = "an empty {0} is refused")
    @CsvSource({"url", "prefix", "tag"})
    void emptyTargets_areRefused(String kind) {
        assertThatIllegalArgumentException().isThrownBy(() -> {
            switch (kind) {
                case "url" -> new PurgeTarget.Url("");
                case "prefix" -> new PurgeTarget.Prefix("");
                default -> new PurgeTarget.Tag("");
            }
        });
    }

    /** The time of the latest prefix tombstone covering {@code url} (below {@code above}), or -1, found through verdicts only. */
    private static long latestCovering(Tombstones tombstones, String url, long above) {
        for (long t = above; t > 0; t--) {
            if (tombstones.verdict(url, Set.of(), t) == Verdict.PURGED) {
                return t;
            }
        }
        return -1;
    }

    private static String randomPath(Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append("ab/".charAt(random.nextInt(3)));
        }
        return sb.toString();
    }
}
