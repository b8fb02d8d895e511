package dev.geocdn.cache.freshness;

import static dev.geocdn.cache.freshness.Http.RULES;
import static dev.geocdn.cache.freshness.Http.T0;
import static dev.geocdn.cache.freshness.Http.headers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.CacheControl;
import dev.geocdn.cache.http.Headers;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 9213 2.1: the first valid targeted field replaces Cache-Control")
class Directives_Rfc9213_2_1_Test {

    static Stream<Arguments> defaultRules() {
        return Stream.of(
                Arguments.of("2.1: CDN-Cache-Control outranks Cache-Control",
                        headers("Cache-Control", "max-age=10", "CDN-Cache-Control", "max-age=60"), "max-age=60", true),
                Arguments.of("2.1: CDN-Cache-Control alone",
                        headers("CDN-Cache-Control", "max-age=60, stale-if-error=30"), "max-age=60, stale-if-error=30", true),
                Arguments.of("2.1: Cache-Control's no-store is not inherited",
                        headers("Cache-Control", "no-store, private", "CDN-Cache-Control", "max-age=60"), "max-age=60", true),
                Arguments.of("2.1: field name is case-insensitive",
                        headers("cdn-cache-control", "max-age=60", "Cache-Control", "no-store"), "max-age=60", true),
                Arguments.of("2.1: several lines are one Dictionary",
                        headers("CDN-Cache-Control", "max-age=60", "CDN-Cache-Control", "must-revalidate"), "max-age=60, must-revalidate", true),
                Arguments.of("2.1: invalid CDN-Cache-Control falls back to Cache-Control",
                        headers("Cache-Control", "max-age=10", "CDN-Cache-Control", "Max-Age=60"), "max-age=10", false),
                Arguments.of("2.1: unparsable member invalidates the whole field",
                        headers("Cache-Control", "max-age=10", "CDN-Cache-Control", "max-age=60, s-maxage = 5"), "max-age=10", false),
                Arguments.of("2.1: empty CDN-Cache-Control falls back to Cache-Control",
                        headers("Cache-Control", "max-age=10", "CDN-Cache-Control", ""), "max-age=10", false),
                Arguments.of("2.1: blank CDN-Cache-Control falls back to Cache-Control",
                        headers("Cache-Control", "no-store", "CDN-Cache-Control", "   "), "no-store", false),
                Arguments.of("2.1: absent CDN-Cache-Control leaves Cache-Control",
                        headers("Cache-Control", "public, max-age=10"), "public, max-age=10", false),
                Arguments.of("5.2: Cache-Control lines are combined",
                        headers("Cache-Control", "public", "Cache-Control", "max-age=10"), "public, max-age=10", false),
                Arguments.of("neither field: no directives", headers("Content-Type", "text/plain"), "", false),
                Arguments.of("2.1: a field for another cache is not obeyed",
                        headers("Cache-Control", "max-age=10", "Other-CDN-Cache-Control", "max-age=60"), "max-age=10", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultRules")
    void effectiveDirectives(String description, Headers response, String expected, boolean targeted) {
        assertThat(render(Directives.effective(response, RULES))).isEqualTo(expected);
        assertThat(Directives.isTargeted(response, RULES)).isEqualTo(targeted);
    }

    static Stream<Arguments> ownTargetedFields() {
        return Stream.of(
                Arguments.of("2.1: the most specific field wins",
                        headers("Cache-Control", "max-age=1", "CDN-Cache-Control", "max-age=2", "Acme-Cache-Control", "max-age=3"), "max-age=3"),
                Arguments.of("2.1: an invalid specific field falls to the next one",
                        headers("Cache-Control", "max-age=1", "CDN-Cache-Control", "max-age=2", "Acme-Cache-Control", "max-age=3,"), "max-age=2"),
                Arguments.of("2.1: an absent specific field falls to the next one",
                        headers("Cache-Control", "max-age=1", "CDN-Cache-Control", "max-age=2"), "max-age=2"),
                Arguments.of("2.1: both targeted fields invalid fall back to Cache-Control",
                        headers("Cache-Control", "max-age=1", "CDN-Cache-Control", "x=@", "Acme-Cache-Control", ""), "max-age=1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownTargetedFields")
    void targetedFieldsAreTriedMostSpecificFirst(String description, Headers response, String expected) {
        CacheRules rules = new CacheRules(List.of("Acme-Cache-Control", "CDN-Cache-Control"), 0.1, Duration.ofDays(1), false, false);
        assertThat(render(Directives.effective(response, rules))).isEqualTo(expected);
    }

    @Test
    void noTargetedFieldsConfigured_cdnCacheControlIsIgnored() {
        CacheRules rules = new CacheRules(List.of(), 0.1, Duration.ofDays(1), false, false);
        Headers response = headers("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60");
        assertThat(render(Directives.effective(response, rules))).isEqualTo("no-store");
        assertThat(Directives.isTargeted(response, rules)).isFalse();
    }

    @Test
    void cacheControlNoStore_isIgnoredWhenCdnCacheControlGivesMaxAge() {
        Headers response = headers("Date", Http.date(0), "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60");
        CacheControl directives = Directives.effective(response, RULES);

        StoreVerdict verdict = Storability.evaluate("GET", Headers.EMPTY, 200, response, directives, RULES, T0);

        assertThat(verdict).isEqualTo(StoreVerdict.store(StoreVerdict.Reason.EXPLICIT));
        assertThat(Freshness.lifetimeMillis(200, response, directives, RULES, T0)).isEqualTo(60_000);
    }

    @Test
    void cdnCacheControlNoStore_winsOverCacheControlMaxAge() {
        Headers response = headers("Cache-Control", "max-age=600", "CDN-Cache-Control", "no-store");
        CacheControl directives = Directives.effective(response, RULES);

        assertThat(Storability.evaluate("GET", Headers.EMPTY, 200, response, directives, RULES, T0).storable()).isFalse();
    }

    /** "name=arg, name" in order; only the argument text, so "max-age=60" whatever its form. */
    static String render(CacheControl cc) {
        return cc.asMap().entrySet().stream()
                .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
