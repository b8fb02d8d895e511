package dev.geocdn.cache.freshness;

import static dev.geocdn.cache.freshness.Http.RULES;
import static dev.geocdn.cache.freshness.Http.T0;
import static dev.geocdn.cache.freshness.Http.at;
import static dev.geocdn.cache.freshness.Http.date;
import static dev.geocdn.cache.freshness.Http.headers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 9111 4.2.1 / 4.2.2: freshness lifetime")
class Freshness_Rfc9111_4_2_Test {

    private static final long DAY = 86_400;

    /** description, status, response headers, received at (seconds after T0), expected lifetime in seconds. */
    static Stream<Arguments> lifetimes() {
        return Stream.of(
                row("4.2.1: s-maxage outranks max-age", 200, 0, 120, "Cache-Control", "max-age=60, s-maxage=120"),
                row("4.2.1: s-maxage outranks max-age even when smaller", 200, 0, 5, "Cache-Control", "s-maxage=5, max-age=60"),
                row("4.2.1: s-maxage outranks Expires", 200, 0, 30, "Cache-Control", "s-maxage=30", "Date", date(0), "Expires", date(3600)),
                row("4.2.1: max-age outranks Expires", 200, 0, 60, "Cache-Control", "max-age=60", "Date", date(0), "Expires", date(3600)),
                row("4.2.1: max-age outranks a heuristic", 200, 0, 60, "Cache-Control", "max-age=60", "Date", date(0), "Last-Modified", date(-10 * DAY)),
                row("4.2.1: Expires minus Date", 200, 0, 3600, "Date", date(0), "Expires", date(3600)),
                row("4.2.1: Expires minus Date, not minus the response time", 200, 100, 3600, "Date", date(0), "Expires", date(3600)),
                row("4.2.1: Expires outranks a heuristic", 200, 0, 10, "Date", date(0), "Expires", date(10), "Last-Modified", date(-10 * DAY)),
                row("4.2.1: Expires without Date uses the response time", 200, 0, 600, "Expires", date(600)),
                row("4.2.1: Expires without Date, received later", 200, 100, 500, "Expires", date(600)),
                row("4.2.1: Expires with an invalid Date uses the response time", 200, 100, 500, "Date", "yesterday", "Expires", date(600)),
                row("5.3: Expires in the past is 0", 200, 0, 0, "Date", date(0), "Expires", date(-60)),
                row("5.3: Expires equal to Date is 0", 200, 0, 0, "Date", date(0), "Expires", date(0)),
                row("5.3: invalid Expires \"0\" is already expired", 200, 0, 0, "Date", date(0), "Expires", "0"),
                row("5.3: Expires far ahead but in +0000 is not an HTTP-date: already expired", 200, 0, 0, "Date", date(0),
                        "Expires", "Sun, 06 Nov 2050 08:49:37 +0000"),
                row("5.3: Expires far ahead but in UTC is not an HTTP-date: already expired", 200, 0, 0, "Date", date(0),
                        "Expires", "Sun, 06 Nov 2050 08:49:37 UTC"),
                row("5.3: invalid Expires \"-1\" is already expired", 200, 0, 0, "Expires", "-1", "Last-Modified", date(-10 * DAY)),
                row("4.2.1: invalid max-age is stale at once", 200, 0, 0, "Cache-Control", "max-age=abc", "Date", date(0), "Expires", date(3600)),
                row("4.2.1: negative max-age is stale at once", 200, 0, 0, "Cache-Control", "max-age=-1", "Date", date(0), "Expires", date(3600)),
                row("4.2.1: invalid s-maxage is stale at once", 200, 0, 0, "Cache-Control", "s-maxage=x, max-age=60"),
                row("1.2.2: max-age beyond 2^31 is capped", 200, 0, 2_147_483_648L, "Cache-Control", "max-age=99999999999999"),
                row("4.2.1: max-age=0", 200, 0, 0, "Cache-Control", "max-age=0"),
                row("4.2.2: heuristic is 10% of Date - Last-Modified", 200, 0, 100, "Date", date(0), "Last-Modified", date(-1000)),
                row("4.2.2: heuristic without Date uses the response time", 200, 0, 100, "Last-Modified", date(-1000)),
                row("4.2.2: heuristic is capped by maxHeuristicLifetime", 200, 0, DAY, "Date", date(0), "Last-Modified", date(-100 * DAY)),
                row("4.2.2: Last-Modified after Date gives 0", 200, 0, 0, "Date", date(0), "Last-Modified", date(60)),
                row("4.2.2: invalid Last-Modified gives 0", 200, 0, 0, "Date", date(0), "Last-Modified", "long ago"),
                row("4.2.2: 404 is heuristically cacheable", 404, 0, 100, "Date", date(0), "Last-Modified", date(-1000)),
                row("4.2.2: 301 is heuristically cacheable", 301, 0, 100, "Date", date(0), "Last-Modified", date(-1000)),
                row("4.2.2: 302 is not heuristically cacheable", 302, 0, 0, "Date", date(0), "Last-Modified", date(-1000)),
                row("4.2.2: 500 is not heuristically cacheable", 500, 0, 0, "Date", date(0), "Last-Modified", date(-1000)),
                row("4.2.2: public makes a 302 heuristically cacheable", 302, 0, 100, "Cache-Control", "public", "Date", date(0), "Last-Modified", date(-1000)),
                row("4.2.1: 302 with explicit max-age", 302, 0, 60, "Cache-Control", "max-age=60"),
                row("4.2.1: nothing at all is 0", 200, 0, 0, "Content-Type", "text/plain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lifetimes")
    void lifetime(String description, int status, long receivedAt, long expectedSeconds, Headers response) {
        CacheControl directives = Directives.effective(response, RULES);
        assertThat(Freshness.lifetimeMillis(status, response, directives, RULES, at(receivedAt)))
                .isEqualTo(expectedSeconds * 1000);
    }

    @ParameterizedTest(name = "4.2.2: fraction {0} of 10000 s capped at {1} s is {2} s")
    @CsvSource({
        "0.1,  86400, 1000",
        "0.5,  86400, 5000",
        "0.5,  3600,  3600",
        "0.0,  86400, 0",
        "1.0,  86400, 10000",
        "0.1,  0,     0",
    })
    void heuristicFollowsTheConfiguredRules(double fraction, long capSeconds, long expectedSeconds) {
        CacheRules rules = new CacheRules(List.of(), fraction, Duration.ofSeconds(capSeconds), false, false);
        Headers response = headers("Date", date(0), "Last-Modified", date(-10_000));
        assertThat(Freshness.lifetimeMillis(200, response, CacheControl.NONE, rules, T0)).isEqualTo(expectedSeconds * 1000);
    }

    @ParameterizedTest(name = "4.2.1: explicit freshness in ''{0}'' / Expires={1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "max-age=60          | false | true",
        "s-maxage=60         | false | true",
        "max-age=abc         | false | true",
        "public              | true  | true",
        "public              | false | false",
        "no-cache            | false | false",
        "stale-if-error=60   | false | false",
    })
    void explicitFreshness(String cacheControl, boolean withExpires, boolean expected) {
        Headers response = withExpires ? headers("Cache-Control", cacheControl, "Expires", "0")
                : headers("Cache-Control", cacheControl);
        assertThat(Freshness.hasExplicitFreshness(response, CacheControl.parse(cacheControl))).isEqualTo(expected);
    }

    @Test
    void targetedMaxAge_setsTheLifetimeInsteadOfCacheControl() {
        Headers response = headers("Cache-Control", "max-age=10", "CDN-Cache-Control", "max-age=600");
        assertThat(Freshness.lifetimeMillis(200, response, Directives.effective(response, RULES), RULES, T0))
                .isEqualTo(600_000);
    }

    @Test
    void heuristicStatuses_matchRfc9110_15_1_withoutPartialContent() {
        assertThat(Freshness.HEURISTICALLY_CACHEABLE)
                .containsExactlyInAnyOrder(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501)
                .doesNotContain(206);
    }

    private static Arguments row(String description, int status, long receivedAt, long expectedSeconds, String... namesAndValues) {
        return Arguments.of(description, status, receivedAt, expectedSeconds, Headers.of(namesAndValues));
    }
}
