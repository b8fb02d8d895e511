package dev.geocdn.cache.freshness;

import static dev.geocdn.cache.freshness.Http.at;
import static dev.geocdn.cache.freshness.Http.storedWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 5861 / RFC 9111 4.2.4: serving stale responses")
class StaleRules_Rfc5861_Test {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "4: response stale-if-error covers the staleness         | max-age=60, stale-if-error=120                   | ''                  | 100 | true",
        "4: at the end of the response window                    | max-age=60, stale-if-error=120                   | ''                  | 180 | true",
        "4: past the response window                             | max-age=60, stale-if-error=120                   | ''                  | 181 | false",
        "4: a fresh response may replace an error                | max-age=60, stale-if-error=1                     | ''                  | 10  | true",
        "4: request stale-if-error covers the staleness          | max-age=60                                       | stale-if-error=60   | 100 | true",
        "4: past the request window                              | max-age=60                                       | stale-if-error=60   | 121 | false",
        "4: either window suffices                               | max-age=60, stale-if-error=10                    | stale-if-error=600  | 300 | true",
        "4: no stale-if-error anywhere                           | max-age=60                                       | ''                  | 61  | false",
        "4: invalid response window                              | max-age=60, stale-if-error=soon                  | ''                  | 61  | false",
        "4: invalid request window                               | max-age=60                                       | stale-if-error=-5   | 61  | false",
        "5.2.2.2: must-revalidate forbids stale                  | max-age=60, stale-if-error=600, must-revalidate  | ''                  | 61  | false",
        "5.2.2.2: must-revalidate outranks the request           | max-age=60, must-revalidate                      | stale-if-error=600  | 61  | false",
        "5.2.2.8: proxy-revalidate forbids stale                 | max-age=60, stale-if-error=600, proxy-revalidate | ''                  | 61  | false",
        "5.2.2.4: no-cache forbids stale                         | max-age=60, stale-if-error=600, no-cache         | ''                  | 61  | false",
        "5.2.2.10: s-maxage with explicit stale-if-error allowed | s-maxage=60, stale-if-error=600                  | ''                  | 100 | true",
        "5.2.2.10: s-maxage with only a request stale-if-error   | s-maxage=60                                      | stale-if-error=600  | 100 | false",
        "5.2.2.10: s-maxage, response window exceeded, request window not used | s-maxage=60, stale-if-error=10 | stale-if-error=600 | 100 | false",
    })
    void staleIfError(String description, String responseCacheControl, String requestCacheControl, long elapsed, boolean allowed) {
        Headers request = requestCacheControl.isEmpty() ? Headers.EMPTY : Headers.of("Cache-Control", requestCacheControl);
        assertThat(StaleRules.mayServeStaleOnError(storedWith(responseCacheControl), request, at(elapsed))).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "RFC 5861 3: ''{0}'' allows {1} ms of staleness: {2}")
    @CsvSource(delimiter = '|', value = {
        "stale-while-revalidate=30                    | 0     | true",
        "stale-while-revalidate=30                    | 30000 | true",
        "stale-while-revalidate=30                    | 30001 | false",
        "stale-while-revalidate=0                     | 0     | true",
        "stale-while-revalidate=0                     | 1     | false",
        "stale-while-revalidate                       | 0     | false",
        "stale-while-revalidate=x                     | 0     | false",
        "stale-if-error=30                            | 1000  | false",
        "stale-while-revalidate=30, must-revalidate   | 1000  | false",
        "stale-while-revalidate=30, proxy-revalidate  | 1000  | false",
        "stale-while-revalidate=30, no-cache          | 1000  | false",
        "stale-while-revalidate=30, s-maxage=5        | 1000  | true",
    })
    void staleWhileRevalidateWindow(String cacheControl, long stalenessMillis, boolean allowed) {
        assertThat(StaleRules.mayServeStale(CacheControl.parse(cacheControl), dev.geocdn.cache.http.Directive.STALE_WHILE_REVALIDATE, stalenessMillis))
                .isEqualTo(allowed);
    }
}
