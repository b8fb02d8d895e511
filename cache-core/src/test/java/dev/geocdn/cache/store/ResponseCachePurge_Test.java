package dev.geocdn.cache.store;

import static dev.geocdn.cache.store.PurgeFixtures.T0;
import static dev.geocdn.cache.store.PurgeFixtures.assertIndexMatchesStore;
import static dev.geocdn.cache.store.PurgeFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.eviction.EvictionPolicies;
import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeResult;
import dev.geocdn.cache.purge.PurgeTarget;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Purges by URL, prefix and tag, hard and soft, over every eviction policy: what each reaches,
 * what it reports, and that it leaves everything else as it was.
 */
@DisplayName("Purge: URL, prefix and tag, hard and soft, for every eviction policy")
class ResponseCachePurge_Test {

    private static final String A = "https://a.example/img/1.png";
    private static final String B = "https://a.example/img/2.png";
    private static final String C = "https://a.example/css/site.css";
    private static final String D = "https://b.example/img/1.png";
    private static final String E = "https://a.example/imgs/3.png";
    private static final Headers GZIP = Headers.of("Accept-Encoding", "gzip");
    private static final Headers BR = Headers.of("Accept-Encoding", "br");

    /** Each stored variant, by a name the cases use: URL, request, tags. */
    private record Stored(String url, Headers request, String tags) {
    }

    private static final Map<String, Stored> CATALOGUE = new LinkedHashMap<>();

    static {
        CATALOGUE.put("A.gz", new Stored(A, GZIP, "img p1"));
        CATALOGUE.put("A.br", new Stored(A, BR, "img p1"));
        CATALOGUE.put("B", new Stored(B, Headers.EMPTY, "img p2"));
        CATALOGUE.put("C", new Stored(C, Headers.EMPTY, "css"));
        CATALOGUE.put("D", new Stored(D, Headers.EMPTY, "p1"));
        CATALOGUE.put("E.gz", new Stored(E, GZIP, "p3"));
        CATALOGUE.put("E.br", new Stored(E, BR, ""));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = List.of(
            Arguments.of(new PurgeTarget.Url(A), 1, Set.of("A.gz", "A.br")),
            Arguments.of(new PurgeTarget.Url(E), 1, Set.of("E.gz", "E.br")),
            Arguments.of(new PurgeTarget.Url("https://a.example/none"), 0, Set.of()),
            Arguments.of(new PurgeTarget.Url("https://a.example/img/"), 0, Set.of()),
            Arguments.of(new PurgeTarget.Prefix("https://a.example/img/"), 2, Set.of("A.gz", "A.br", "B")),
            Arguments.of(new PurgeTarget.Prefix("https://a.example/img"), 3, Set.of("A.gz", "A.br", "B", "E.gz", "E.br")),
            Arguments.of(new PurgeTarget.Prefix("https://a.example/"), 4,
                    Set.of("A.gz", "A.br", "B", "C", "E.gz", "E.br")),
            Arguments.of(new PurgeTarget.Prefix("https://c.example/"), 0, Set.of()),
            Arguments.of(new PurgeTarget.Tag("p1"), 2, Set.of("A.gz", "A.br", "D")),
            Arguments.of(new PurgeTarget.Tag("img"), 2, Set.of("A.gz", "A.br", "B")),
            Arguments.of(new PurgeTarget.Tag("p3"), 1, Set.of("E.gz")),
            Arguments.of(new PurgeTarget.Tag("P1"), 0, Set.of()),
            Arguments.of(new PurgeTarget.Tag("none"), 0, Set.of()));
        return PurgeFixtures.policies().flatMap(policy -> Stream.of(PurgeMode.values()).flatMap(mode ->
                cases.stream().map(c -> Arguments.of(policy, mode, c.get()[0], c.get()[1], c.get()[2]))));
    }

    @ParameterizedTest(name = "{0}: {1} purge of {2} reaches {4} in {3} URLs")
    @MethodSource("cases")
    void aPurge_reachesExactlyItsTargets_andReportsThem(String policy, PurgeMode mode, PurgeTarget target,
                                                        int urls, Set<String> reached) {
        ResponseCache cache = new ResponseCache(EvictionPolicies.byName(policy), 1 << 20, 1 << 16);
        Map<String, StoredResponse> stored = new LinkedHashMap<>();
        CATALOGUE.forEach((name, s) -> {
            StoredResponse response = tagged(Body.of(name.getBytes()), s.tags(), s.request());
            assertThat(cache.store(s.url(), response, 1)).isEqualTo(StoreOutcome.STORED);
            stored.put(name, response);
        });

        PurgeResult result = cache.purge(target, mode, 10);

        assertThat(result).isEqualTo(new PurgeResult(urls, reached.size()));
        CATALOGUE.forEach((name, s) -> {
            Lookup lookup = cache.lookup(s.url(), s.request());
            if (!reached.contains(name)) {
                assertThat(lookup.response()).as("%s is untouched", name).isSameAs(stored.get(name));
            } else if (mode == PurgeMode.HARD) {
                assertThat(lookup.isHit()).as("%s is gone", name).isFalse();
            } else {
                assertThat(lookup.isHit()).as("%s is kept", name).isTrue();
                assertThat(lookup.response().isFresh(T0)).as("%s is stale", name).isFalse();
                assertThat(lookup.response().body()).as("%s keeps its body", name).isSameAs(stored.get(name).body());
                assertThat(lookup.response().headers()).isEqualTo(stored.get(name).headers());
            }
        });
        assertIndexMatchesStore(cache);
    }
}
