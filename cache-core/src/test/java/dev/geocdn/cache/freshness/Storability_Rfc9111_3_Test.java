package dev.geocdn.cache.freshness;

import static dev.geocdn.cache.freshness.Http.RULES;
import static dev.geocdn.cache.freshness.Http.T0;
import static dev.geocdn.cache.freshness.Http.date;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;

import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 9111 3: storing responses in a shared cache")
class Storability_Rfc9111_3_Test {

    private static final Headers NO_REQUEST_FIELDS = Headers.EMPTY;
    private static final Headers WITH_AUTHORIZATION = Headers.of("Authorization", "Bearer t");

    /** description, method, request fields, status, response fields, expected reason ("+" prefix: storable). */
    static Stream<Arguments> verdicts() {
        return Stream.of(
                row("3: POST is not a cacheable method here", "POST", NO_REQUEST_FIELDS, 200, "-method", "Cache-Control", "max-age=60"),
                row("3: PUT is not cacheable", "PUT", NO_REQUEST_FIELDS, 200, "-method", "Cache-Control", "max-age=60"),
                row("3: methods are case-sensitive", "get", NO_REQUEST_FIELDS, 200, "-method", "Cache-Control", "max-age=60"),
                row("3: HEAD is cacheable", "HEAD", NO_REQUEST_FIELDS, 200, "+explicit", "Cache-Control", "max-age=60"),
                row("3: 206 is never stored here", "GET", NO_REQUEST_FIELDS, 206, "-status", "Cache-Control", "max-age=60"),
                row("3: 304 is not a final response to store", "GET", NO_REQUEST_FIELDS, 304, "-status", "Cache-Control", "max-age=60"),
                row("3: 100 is not final", "GET", NO_REQUEST_FIELDS, 100, "-status", "Cache-Control", "max-age=60"),
                row("3: 103 is not final", "GET", NO_REQUEST_FIELDS, 103, "-status", "Cache-Control", "max-age=60"),
                row("5.2.2.5: no-store in the response", "GET", NO_REQUEST_FIELDS, 200, "-no-store", "Cache-Control", "max-age=60, no-store"),
                row("5.2.2.5: NO-STORE is case-insensitive", "GET", NO_REQUEST_FIELDS, 200, "-no-store", "Cache-Control", "NO-STORE"),
                row("5.2.1.5: no-store in the request", "GET", Headers.of("Cache-Control", "no-store"), 200, "-no-store", "Cache-Control", "max-age=60"),
                row("5.2.2.7: private", "GET", NO_REQUEST_FIELDS, 200, "-private", "Cache-Control", "private, max-age=60"),
                row("5.2.2.7: qualified private", "GET", NO_REQUEST_FIELDS, 200, "-private", "Cache-Control", "private=\"Set-Cookie\", max-age=60"),
                row("3.5: Authorization without explicit permission", "GET", WITH_AUTHORIZATION, 200, "-authorization", "Cache-Control", "max-age=60"),
                row("3.5: Authorization allowed by public", "GET", WITH_AUTHORIZATION, 200, "+explicit", "Cache-Control", "public, max-age=60"),
                row("3.5: Authorization allowed by must-revalidate", "GET", WITH_AUTHORIZATION, 200, "+explicit", "Cache-Control", "must-revalidate, max-age=60"),
                row("3.5: Authorization allowed by s-maxage", "GET", WITH_AUTHORIZATION, 200, "+explicit", "Cache-Control", "s-maxage=60"),
                row("3.5: authorization field name is case-insensitive", "GET", Headers.of("authorization", "Basic x"), 200, "-authorization", "Cache-Control", "max-age=60"),
                row("4.1: Vary: * never matches", "GET", NO_REQUEST_FIELDS, 200, "-vary-star", "Cache-Control", "max-age=60", "Vary", "*"),
                row("4.1: Vary with * among names", "GET", NO_REQUEST_FIELDS, 200, "-vary-star", "Cache-Control", "max-age=60", "Vary", "Accept, *"),
                row("4.1: Vary with names is storable", "GET", NO_REQUEST_FIELDS, 200, "+explicit", "Cache-Control", "max-age=60", "Vary", "Accept-Encoding"),
                row("rules: Set-Cookie is not shared", "GET", NO_REQUEST_FIELDS, 200, "-set-cookie", "Cache-Control", "max-age=60", "Set-Cookie", "id=1"),
                row("3: 302 without explicit freshness", "GET", NO_REQUEST_FIELDS, 302, "-status-not-cacheable", "Location", "/x", "Last-Modified", date(-1000)),
                row("3: 500 without explicit freshness", "GET", NO_REQUEST_FIELDS, 500, "-status-not-cacheable", "ETag", "\"a\""),
                row("3: 302 with max-age", "GET", NO_REQUEST_FIELDS, 302, "+explicit", "Cache-Control", "max-age=60"),
                row("3: 503 with Expires", "GET", NO_REQUEST_FIELDS, 503, "+explicit", "Date", date(0), "Expires", date(30)),
                row("3: 302 with public", "GET", NO_REQUEST_FIELDS, 302, "+heuristic", "Cache-Control", "public", "Last-Modified", date(-1000)),
                row("3: 404 is heuristically cacheable", "GET", NO_REQUEST_FIELDS, 404, "+heuristic", "Date", date(0), "Last-Modified", date(-1000)),
                row("4.2.2: 200 with only Last-Modified", "GET", NO_REQUEST_FIELDS, 200, "+heuristic", "Date", date(0), "Last-Modified", date(-1000)),
                row("rules: nothing to go on is not stored", "GET", NO_REQUEST_FIELDS, 200, "-no-freshness-no-validator", "Content-Type", "text/plain"),
                row("rules: max-age=0 without validator", "GET", NO_REQUEST_FIELDS, 200, "-no-freshness-no-validator", "Cache-Control", "max-age=0"),
                row("rules: invalid Expires without validator", "GET", NO_REQUEST_FIELDS, 200, "-no-freshness-no-validator", "Expires", "0"),
                row("4.3: max-age=0 with ETag can be revalidated", "GET", NO_REQUEST_FIELDS, 200, "+explicit", "Cache-Control", "max-age=0", "ETag", "\"v1\""),
                row("4.3: no-cache with ETag can be revalidated", "GET", NO_REQUEST_FIELDS, 200, "+heuristic", "Cache-Control", "no-cache", "ETag", "\"v1\""),
                row("RFC 5861: max-age=0 with stale-if-error", "GET", NO_REQUEST_FIELDS, 200, "+explicit", "Cache-Control", "max-age=0, stale-if-error=60"),
                row("3: plain fresh 200", "GET", NO_REQUEST_FIELDS, 200, "+explicit", "Cache-Control", "max-age=60"),
                row("3: 204 with max-age", "GET", NO_REQUEST_FIELDS, 204, "+explicit", "Cache-Control", "max-age=60"),
                row("3: no-store outranks private and public", "GET", NO_REQUEST_FIELDS, 200, "-no-store", "Cache-Control", "public, private, no-store"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void verdict(String description, String method, Headers request, int status, String expected, Headers response) {
        StoreVerdict verdict = Storability.evaluate(method, request, status, response,
                Directives.effective(response, RULES), RULES, T0);
        assertThat(verdict.storable()).isEqualTo(expected.startsWith("+"));
        assertThat(verdict.reason().token()).isEqualTo(expected.substring(1));
    }

    @Test
    void setCookie_isStoredWhenTheRulesAllowIt() {
        CacheRules rules = new CacheRules(RULES.targetedFields(), 0.1, RULES.maxHeuristicLifetime(), true, false);
        Headers response = Headers.of("Cache-Control", "max-age=60", "Set-Cookie", "id=1");
        assertThat(Storability.evaluate("GET", Headers.EMPTY, 200, response, Directives.effective(response, rules), rules, T0))
                .isEqualTo(StoreVerdict.store(StoreVerdict.Reason.EXPLICIT));
    }

    @ParameterizedTest(name = "3: request Cache-Control ''{0}'' does not stop storing")
    @ValueSource(strings = {"no-cache", "max-age=0", "only-if-cached", "no-transform"})
    void otherRequestDirectives_doNotPreventStoring(String requestCacheControl) {
        Headers response = Headers.of("Cache-Control", "max-age=60");
        assertThat(Storability.evaluate("GET", Headers.of("Cache-Control", requestCacheControl), 200, response,
                Directives.effective(response, RULES), RULES, T0).storable()).isTrue();
    }

    private static Arguments row(String description, String method, Headers request, int status, String expected,
                                 String... responseFields) {
        return Arguments.of(description, method, request, status, expected, Headers.of(responseFields));
    }
}
