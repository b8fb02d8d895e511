package dev.geocdn.cache.freshness;

import static dev.geocdn.cache.freshness.Http.RULES;
import static dev.geocdn.cache.freshness.Http.at;
import static dev.geocdn.cache.freshness.Http.storedWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;

import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 9111 4 / RFC 5861 3: reusing a stored response")
class ReuseDecision_Rfc9111_4_Test {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "4.2: fresh is served                                     | max-age=60                               | 30 | FRESH                  | fresh",
        "4.2: one second before expiry is fresh                   | max-age=60                               | 59 | FRESH                  | fresh",
        "4.2: age equal to lifetime is stale                      | max-age=60                               | 60 | REVALIDATE             | stale",
        "4.3: stale is revalidated                                | max-age=60                               | 61 | REVALIDATE             | stale",
        "4.2.1: s-maxage governs a shared cache                   | max-age=600, s-maxage=10                 | 30 | REVALIDATE             | stale",
        "5.2.2.4: no-cache revalidates even when fresh            | max-age=60, no-cache                     | 0  | REVALIDATE             | no-cache",
        "5.2.2.4: qualified no-cache revalidates too              | max-age=60, no-cache=\"Set-Cookie\"      | 0  | REVALIDATE             | no-cache",
        "RFC 5861 3: stale within stale-while-revalidate          | max-age=60, stale-while-revalidate=30    | 80 | STALE_WHILE_REVALIDATE | stale-while-revalidate",
        "RFC 5861 3: at the end of the window                     | max-age=60, stale-while-revalidate=30    | 90 | STALE_WHILE_REVALIDATE | stale-while-revalidate",
        "RFC 5861 3: past the window                              | max-age=60, stale-while-revalidate=30    | 91 | REVALIDATE             | stale",
        "RFC 5861 3: fresh responses are fresh, not swr           | max-age=60, stale-while-revalidate=30    | 10 | FRESH                  | fresh",
        "5.2.2.2: must-revalidate blocks stale-while-revalidate   | max-age=60, stale-while-revalidate=30, must-revalidate  | 80 | REVALIDATE | stale",
        "5.2.2.8: proxy-revalidate blocks stale-while-revalidate  | max-age=60, stale-while-revalidate=30, proxy-revalidate | 80 | REVALIDATE | stale",
        "5.2.2.10: explicit swr with s-maxage is obeyed           | s-maxage=60, stale-while-revalidate=30   | 80 | STALE_WHILE_REVALIDATE | stale-while-revalidate",
        "RFC 5861 3: invalid window is no window                  | max-age=60, stale-while-revalidate=soon  | 61 | REVALIDATE             | stale",
        "4.2.1: invalid max-age is stale at once                  | max-age=later                            | 0  | REVALIDATE             | stale",
    })
    void responseDirectives(String description, String cacheControl, long elapsedSeconds, Reuse action, String reason) {
        ReuseDecision decision = ReuseDecision.decide(Headers.EMPTY, storedWith(cacheControl), at(elapsedSeconds), RULES);
        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.reason().token()).isEqualTo(reason);
        assertThat(ReuseDecision.isFreshAsIs(storedWith(cacheControl), at(elapsedSeconds), Consistency.EVENTUAL))
                .as("the hit path's shortcut agrees").isEqualTo(action == Reuse.FRESH);
    }

    /** description, request fields, honorRequestNoCache, elapsed seconds, expected action, reason. */
    static Stream<Arguments> requestDirectives() {
        return Stream.of(
                row("5.2.1: request no-cache is ignored by default", false, 10, Reuse.FRESH, "fresh", "Cache-Control", "no-cache"),
                row("5.2.1.4: request no-cache honoured when configured", true, 10, Reuse.REVALIDATE, "request-no-cache", "Cache-Control", "no-cache"),
                row("5.4: Pragma: no-cache honoured without Cache-Control", true, 10, Reuse.REVALIDATE, "request-no-cache", "Pragma", "no-cache"),
                row("5.4: Pragma ignored when Cache-Control is present", true, 10, Reuse.FRESH, "fresh", "Pragma", "no-cache", "Cache-Control", "max-stale"),
                row("5.4: Pragma ignored by default", false, 10, Reuse.FRESH, "fresh", "Pragma", "no-cache"),
                row("5.2.1.1: request max-age ignored by default", false, 10, Reuse.FRESH, "fresh", "Cache-Control", "max-age=5"),
                row("5.2.1.1: older than the request max-age", true, 10, Reuse.REVALIDATE, "request-max-age", "Cache-Control", "max-age=5"),
                row("5.2.1.1: as old as the request max-age is acceptable", true, 10, Reuse.FRESH, "fresh", "Cache-Control", "max-age=10"),
                row("5.2.1.1: request max-age=0 once aged", true, 1, Reuse.REVALIDATE, "request-max-age", "Cache-Control", "max-age=0"),
                row("5.2.1.1: invalid request max-age is ignored", true, 10, Reuse.FRESH, "fresh", "Cache-Control", "max-age=x"),
                row("5.2.1: no request directives", true, 10, Reuse.FRESH, "fresh"),
                row("5.2.1.4: request no-cache when already stale", true, 100, Reuse.REVALIDATE, "request-no-cache", "Cache-Control", "no-cache"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestDirectives")
    void requestDirectives(String description, Headers request, boolean honor, long elapsedSeconds, Reuse action, String reason) {
        CacheRules rules = honor ? Http.honoringRequestNoCache() : RULES;
        ReuseDecision decision = ReuseDecision.decide(request, storedWith("max-age=60"), at(elapsedSeconds), rules);
        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.reason().token()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "5.1 / RFC 9211 2.4: {0} s after receipt of max-age=60 Age is {1}, ttl {2}")
    @CsvSource({
        "0,    0,   60",
        "30,   30,  30",
        "80,   80,  -20",
    })
    void ageAndTtlAreReported(long elapsedSeconds, long age, long ttl) {
        ReuseDecision decision = ReuseDecision.decide(Headers.EMPTY, storedWith("max-age=60"), at(elapsedSeconds), RULES);
        assertThat(decision.ageSeconds()).isEqualTo(age);
        assertThat(decision.ttlSeconds()).isEqualTo(ttl);
    }

    @Test
    void ttlRoundsTowardsStaleness_halfASecondPastExpiryIsMinusOne() {
        ReuseDecision decision = ReuseDecision.decide(Headers.EMPTY, storedWith("max-age=60"), at(60) + 500, RULES);
        assertThat(decision.ttlSeconds()).isEqualTo(-1);
        assertThat(decision.action()).isEqualTo(Reuse.REVALIDATE);
    }

    @Test
    void softPurgedResponse_isRevalidatedButMayStillBeServedStaleWhileRevalidating() {
        var purged = storedWith("max-age=600, stale-while-revalidate=60").markedStale();
        assertThat(ReuseDecision.decide(Headers.EMPTY, purged, at(1), RULES).action()).isEqualTo(Reuse.STALE_WHILE_REVALIDATE);
        assertThat(ReuseDecision.decide(Headers.EMPTY, storedWith("max-age=600").markedStale(), at(1), RULES).action())
                .isEqualTo(Reuse.REVALIDATE);
    }

    private static Arguments row(String description, boolean honor, long elapsed, Reuse action, String reason, String... fields) {
        return Arguments.of(description, Headers.of(fields), honor, elapsed, action, reason);
    }
}
