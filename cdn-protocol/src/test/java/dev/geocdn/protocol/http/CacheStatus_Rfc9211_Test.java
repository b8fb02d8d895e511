package dev.geocdn.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.protocol.http.CacheStatus.Fwd;

import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 9211: the Cache-Status field")
class CacheStatus_Rfc9211_Test {

    static Stream<Arguments> members() {
        return Stream.of(
                Arguments.of("2.1 / 2.4: hit with ttl", CacheStatus.hit("node-1", 42), "node-1; hit; ttl=42"),
                Arguments.of("2.4: negative ttl of a stale hit", CacheStatus.hit("node-1", -3), "node-1; hit; ttl=-3"),
                Arguments.of("2.2 / 2.3 / 2.5: forwarded, stored",
                        CacheStatus.forward("node-1", Fwd.URI_MISS).withFwdStatus(200).withStored(true),
                        "node-1; fwd=uri-miss; fwd-status=200; stored"),
                Arguments.of("2.2: vary-miss, not stored",
                        CacheStatus.forward("node-1", Fwd.VARY_MISS).withFwdStatus(200),
                        "node-1; fwd=vary-miss; fwd-status=200"),
                Arguments.of("2.2 / 2.3: revalidation of a stale response",
                        CacheStatus.forward("node-1", Fwd.STALE).withFwdStatus(304).withTtl(-5).withStored(true),
                        "node-1; fwd=stale; fwd-status=304; ttl=-5; stored"),
                Arguments.of("2.2: forward without a status yet", CacheStatus.forward("node-1", Fwd.BYPASS), "node-1; fwd=bypass"),
                Arguments.of("2.6: collapsed", CacheStatus.forward("node-1", Fwd.MISS).withFwdStatus(200).withCollapsed(true),
                        "node-1; fwd=miss; fwd-status=200; collapsed"),
                Arguments.of("2.8: detail token", CacheStatus.forward("node-1", Fwd.REQUEST).withDetail("no-cache"),
                        "node-1; fwd=request; detail=no-cache"),
                Arguments.of("2.1: hit served after collapsing", CacheStatus.hit("edge", 10).withCollapsed(true), "edge; hit; ttl=10; collapsed"),
                Arguments.of("2.8: detail that is not a token is a String",
                        CacheStatus.hit("node-1", 1).withDetail("stale if error"), "node-1; hit; ttl=1; detail=\"stale if error\""),
                Arguments.of("extension parameter: read back from the persistence tier",
                        CacheStatus.hit("node-1", 42).withTier("redis"), "node-1; hit; ttl=42; tier=redis"),
                Arguments.of("2: a cache name that is not a token is a String",
                        CacheStatus.hit("10.0.0.1", 1), "\"10.0.0.1\"; hit; ttl=1"),
                Arguments.of("2: quotes and backslashes in a String are escaped",
                        CacheStatus.hit("a \"b\" \\c", 1), "\"a \\\"b\\\" \\\\c\"; hit; ttl=1"),
                Arguments.of("2: token characters : and / stay a token",
                        CacheStatus.hit("edge/fra:1", 1), "edge/fra:1; hit; ttl=1"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("members")
    void serialization(String description, CacheStatus status, String expected) {
        assertThat(status).hasToString(expected);
    }

    @ParameterizedTest(name = "2.2: {0} is fwd={1}")
    @CsvSource({
        "BYPASS,    bypass",
        "METHOD,    method",
        "URI_MISS,  uri-miss",
        "VARY_MISS, vary-miss",
        "MISS,      miss",
        "REQUEST,   request",
        "STALE,     stale",
        "PARTIAL,   partial",
    })
    void fwdTokens(Fwd fwd, String token) {
        assertThat(fwd.token()).isEqualTo(token);
        assertThat(CacheStatus.forward("c", fwd)).hasToString("c; fwd=" + token);
    }

    @Test
    void withers_doNotChangeTheOriginal() {
        CacheStatus base = CacheStatus.forward("c", Fwd.MISS);
        base.withStored(true).withFwdStatus(200).withCollapsed(true).withDetail("x").withTtl(5);
        assertThat(base).hasToString("c; fwd=miss");
        assertThat(base.stored()).isFalse();
    }

    @ParameterizedTest(name = "2: ''{1}'' appended to ''{0}'' is ''{2}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL                    | node-1; hit | node-1; hit",
        "''                      | node-1; hit | node-1; hit",
        "origin-cdn; hit         | node-1; hit | origin-cdn; hit, node-1; hit",
        "a; hit, b; fwd=miss     | gw; fwd=bypass | a; hit, b; fwd=miss, gw; fwd=bypass",
    })
    void eachLayerAppendsItsEntryAfterTheUpstreamOnes(String upstream, String entry, String expected) {
        assertThat(CacheStatus.append(upstream, entry)).isEqualTo(expected);
    }

    @Test
    void anEntryAppendsItself() {
        assertThat(CacheStatus.forward("gw-eu", Fwd.BYPASS).appendTo("eu-west-1; hit; ttl=5"))
                .isEqualTo("eu-west-1; hit; ttl=5, gw-eu; fwd=bypass");
    }
}
