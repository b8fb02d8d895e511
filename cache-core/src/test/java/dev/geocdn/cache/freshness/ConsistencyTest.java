package dev.geocdn.cache.freshness;

import static dev.geocdn.cache.freshness.Http.RULES;
import static dev.geocdn.cache.freshness.Http.T0;
import static dev.geocdn.cache.freshness.Http.at;
import static dev.geocdn.cache.freshness.Http.date;
import static dev.geocdn.cache.freshness.Http.headers;
import static dev.geocdn.cache.freshness.Http.stored;
import static dev.geocdn.cache.freshness.Http.storedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.StoredResponse;

import java.time.Duration;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Consistency per path: strong, bounded staleness and eventual reuse")
class ConsistencyTest {

    /** {@code eventual}, {@code strong} or {@code bounded:<seconds>}. */
    private static Consistency consistency(String spec) {
        if (spec.startsWith("bounded:")) {
            return Consistency.bounded(Duration.ofSeconds(Long.parseLong(spec.substring("bounded:".length()))));
        }
        return Consistency.of(Consistency.Mode.valueOf(spec.toUpperCase()), null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "eventual: fresh is served                             | eventual    | max-age=60                            | 30000 | FRESH                  | fresh",
        "eventual: stale is revalidated                        | eventual    | max-age=60                            | 61000 | REVALIDATE             | stale",
        "eventual: stale-while-revalidate as RFC 5861 says     | eventual    | max-age=60, stale-while-revalidate=30 | 80000 | STALE_WHILE_REVALIDATE | stale-while-revalidate",
        "strong: fresh is revalidated                          | strong      | max-age=600                           | 1000  | REVALIDATE             | strong",
        "strong: revalidated the instant it was stored         | strong      | max-age=600                           | 0     | REVALIDATE             | strong",
        "strong: stale is revalidated as strong                | strong      | max-age=60                            | 61000 | REVALIDATE             | strong",
        "strong: never stale-while-revalidate                  | strong      | max-age=60, stale-while-revalidate=30 | 80000 | REVALIDATE             | strong",
        "strong: no-cache responses too                        | strong      | max-age=60, no-cache                  | 1000  | REVALIDATE             | strong",
        "bounded: fresh within the bound is served             | bounded:10  | max-age=600                           | 5000  | FRESH                  | fresh",
        "bounded: at the bound is served                       | bounded:10  | max-age=600                           | 10000 | FRESH                  | fresh",
        "bounded: past the bound is revalidated although fresh | bounded:10  | max-age=600                           | 10001 | REVALIDATE             | bounded",
        "bounded: HTTP stale within the bound is revalidated   | bounded:10  | max-age=5                             | 7000  | REVALIDATE             | stale",
        "bounded: stale-while-revalidate within the bound      | bounded:30  | max-age=5, stale-while-revalidate=60  | 20000 | STALE_WHILE_REVALIDATE | stale-while-revalidate",
        "bounded: no stale-while-revalidate past the bound     | bounded:30  | max-age=5, stale-while-revalidate=60  | 31000 | REVALIDATE             | bounded",
        "bounded: no-cache within the bound still revalidates  | bounded:10  | max-age=60, no-cache                  | 1000  | REVALIDATE             | no-cache",
        "bounded: a bound longer than freshness changes nothing| bounded:600 | max-age=60                            | 61000 | REVALIDATE             | stale",
    })
    void reuse(String description, String mode, String cacheControl, long elapsedMillis, Reuse action, String reason) {
        ReuseDecision decision = ReuseDecision.decide(Headers.EMPTY, storedWith(cacheControl), T0 + elapsedMillis,
                RULES, consistency(mode));
        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.reason().token()).isEqualTo(reason);
        assertThat(decision.byConsistency()).isEqualTo(reason.equals("strong") || reason.equals("bounded"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "eventual: stale-if-error window covers the staleness       | eventual    | max-age=60, stale-if-error=600   | ''                 | 100 | true",
        "eventual: no stale-if-error                                | eventual    | max-age=60                       | ''                 | 100 | false",
        "strong: never a stored copy on error                       | strong      | max-age=60, stale-if-error=600   | ''                 | 100 | false",
        "strong: not even a fresh one                               | strong      | max-age=600, stale-if-error=600  | ''                 | 10  | false",
        "strong: nor with the request's stale-if-error              | strong      | max-age=60                       | stale-if-error=600 | 100 | false",
        "bounded: within the bound as eventual                      | bounded:120 | max-age=60, stale-if-error=600   | ''                 | 100 | true",
        "bounded: at the bound as eventual                          | bounded:120 | max-age=60, stale-if-error=600   | ''                 | 120 | true",
        "bounded: never past the bound                              | bounded:120 | max-age=60, stale-if-error=600   | ''                 | 121 | false",
        "bounded: within the bound only if HTTP allows it           | bounded:120 | max-age=60                       | ''                 | 100 | false",
        "bounded: within the bound the request's window counts      | bounded:120 | max-age=60                       | stale-if-error=600 | 100 | true",
        "bounded: must-revalidate still forbids it within the bound | bounded:120 | max-age=60, must-revalidate, stale-if-error=600 | '' | 100 | false",
    })
    void staleIfError(String description, String mode, String responseCacheControl, String requestCacheControl,
                      long elapsedSeconds, boolean allowed) {
        Headers request = requestCacheControl.isEmpty() ? Headers.EMPTY : Headers.of("Cache-Control", requestCacheControl);
        assertThat(StaleRules.mayServeStaleOnError(storedWith(responseCacheControl), request, at(elapsedSeconds),
                consistency(mode))).isEqualTo(allowed);
    }

    @Test
    void bounded_countsFromTheLast304_notFromTheFirstFill() {
        StoredResponse filled = stored(200, headers("Date", date(0), "Cache-Control", "max-age=600", "ETag", "\"v1\""),
                at(0), at(0));
        StoredResponse revalidated = Revalidation.freshen(filled, headers("Date", date(20), "ETag", "\"v1\""),
                at(20), at(20), RULES).orElseThrow();
        Consistency tenSeconds = Consistency.bounded(Duration.ofSeconds(10));

        assertThat(ReuseDecision.decide(Headers.EMPTY, filled, at(25), RULES, tenSeconds).reason()).isEqualTo(ReuseDecision.Reason.BOUNDED);
        assertThat(ReuseDecision.decide(Headers.EMPTY, revalidated, at(25), RULES, tenSeconds).action()).isEqualTo(Reuse.FRESH);
        assertThat(ReuseDecision.decide(Headers.EMPTY, revalidated, at(31), RULES, tenSeconds).reason()).isEqualTo(ReuseDecision.Reason.BOUNDED);
    }

    @Test
    void bounded_countsFromThisCachesValidation_notTheAgeTheOriginReports() {
        StoredResponse aged = stored(headers("Date", date(0), "Cache-Control", "max-age=600", "Age", "300"));
        ReuseDecision decision = ReuseDecision.decide(Headers.EMPTY, aged, at(5), RULES,
                Consistency.bounded(Duration.ofSeconds(10)));

        assertThat(decision.action()).isEqualTo(Reuse.FRESH);
        assertThat(decision.ageSeconds()).isEqualTo(305);
    }

    @Test
    void strongAndBounded_reportTheHttpAgeAndTtl() {
        ReuseDecision strong = ReuseDecision.decide(Headers.EMPTY, storedWith("max-age=60"), at(20), RULES,
                Consistency.STRONG);
        ReuseDecision bounded = ReuseDecision.decide(Headers.EMPTY, storedWith("max-age=60"), at(20), RULES,
                Consistency.bounded(Duration.ofSeconds(10)));

        assertThat(strong.ageSeconds()).isEqualTo(20);
        assertThat(strong.ttlSeconds()).isEqualTo(40);
        assertThat(bounded.ageSeconds()).isEqualTo(20);
        assertThat(bounded.ttlSeconds()).isEqualTo(40);
    }

    @Test
    void eventual_decidesExactlyAsTheHttpRulesAlone() {
        for (String cc : new String[] {"max-age=60", "max-age=60, stale-while-revalidate=30", "no-cache", "max-age=x"}) {
            for (long elapsed : new long[] {0, 30, 61, 85, 200}) {
                assertThat(ReuseDecision.decide(Headers.EMPTY, storedWith(cc), at(elapsed), RULES, Consistency.EVENTUAL))
                        .isEqualTo(ReuseDecision.decide(Headers.EMPTY, storedWith(cc), at(elapsed), RULES));
            }
        }
    }

    @ParameterizedTest(name = "{0} with max-staleness {1} is refused")
    @CsvSource(delimiter = '|', value = {
        "BOUNDED  | ''",
        "BOUNDED  | PT0S",
        "BOUNDED  | PT-1S",
        "STRONG   | PT5S",
        "EVENTUAL | PT5S",
    })
    void aBoundThatDoesNotFitTheModeIsRefused(Consistency.Mode mode, String maxStaleness) {
        Duration bound = maxStaleness.isEmpty() ? null : Duration.parse(maxStaleness);
        assertThatThrownBy(() -> Consistency.of(mode, bound)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modesAreNamedAsConfigurationNamesThem() {
        assertThat(Consistency.of(Consistency.Mode.STRONG, null)).isSameAs(Consistency.STRONG);
        assertThat(Consistency.of(Consistency.Mode.EVENTUAL, null)).isSameAs(Consistency.EVENTUAL);
        assertThat(Consistency.of(Consistency.Mode.BOUNDED, Duration.ofSeconds(5)))
                .isEqualTo(Consistency.bounded(Duration.ofSeconds(5)));
        assertThat(Consistency.STRONG.mode().token()).isEqualTo("strong");
        assertThat(Consistency.bounded(Duration.ofSeconds(5)).mode().token()).isEqualTo("bounded");
        assertThat(Consistency.EVENTUAL.mode().token()).isEqualTo("eventual");
    }
}
