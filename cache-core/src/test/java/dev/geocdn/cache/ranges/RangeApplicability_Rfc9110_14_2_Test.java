package dev.geocdn.cache.ranges;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 9110 14.2: when the Range field applies at all")
class RangeApplicability_Rfc9110_14_2_Test {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @ParameterizedTest(name = "RFC 9110 14.2: a {0} request with a Range field gets {1}")
    @CsvSource({
        "GET,     206 0-9",
        "HEAD,    200",
        "POST,    200",
        "PUT,     200",
        "DELETE,  200",
        "OPTIONS, 200",
        "get,     200",
        "Get,     200",
    })
    void onlyGetHasRangeHandling(String method, String expected) {
        RangeDecision decision = RangeRequests.decide(method, Headers.of("Range", "bytes=0-9"), 1000, Headers.EMPTY, NOW);
        assertThat(Describe.decision(decision)).isEqualTo(expected);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("a request without Range gets the whole representation",
                        Headers.EMPTY, 1000L, "200"),
                Arguments.of("an If-Range without Range is ignored (13.1.5)",
                        Headers.of("If-Range", "\"v1\""), 1000L, "200"),
                Arguments.of("an unknown complete length gets the whole representation",
                        Headers.of("Range", "bytes=0-9"), -1L, "200"),
                Arguments.of("an unknown complete length wins over an unsatisfiable range",
                        Headers.of("Range", "bytes=-0"), -1L, "200"),
                Arguments.of("two Range field lines are malformed, since Range is a singleton",
                        Headers.of("Range", "bytes=0-9", "Range", "bytes=20-29"), 1000L, "200"),
                Arguments.of("the field name is case-insensitive",
                        Headers.of("range", "bytes=0-9"), 1000L, "206 0-9"),
                Arguments.of("a whole-representation range is still a valid 206",
                        Headers.of("Range", "bytes=0-999"), 1000L, "206 0-999"),
                Arguments.of("a huge complete length is fine",
                        Headers.of("Range", "bytes=-10"), Long.MAX_VALUE,
                        "206 9223372036854775797-9223372036854775806"));
    }

    @ParameterizedTest(name = "RFC 9110 14.2: {0}")
    @MethodSource("requests")
    void rangeAppliesOnlyToAKnownRepresentation(String rule, Headers request, long length, String expected) {
        assertThat(Describe.decision(RangeRequests.decide("GET", request, length, Headers.EMPTY, NOW)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "RFC 9110 14.6: {1} ranges are {2}")
    @CsvSource({
        "bytes=0-9,          1, a single part",
        "'bytes=0-9,20-29',  2, a multipart body",
        "'bytes=0-9,10-19',  1, a single part once coalesced",
    })
    void partialKnowsWhetherItIsMultipart(String range, int parts, String shape) {
        RangeDecision decision = RangeRequests.decide("GET", Headers.of("Range", range), 1000, Headers.EMPTY, NOW);
        assertThat(decision).isInstanceOfSatisfying(RangeDecision.Partial.class, partial -> {
            assertThat(partial.ranges()).hasSize(parts);
            assertThat(partial.isMultipart()).isEqualTo(parts > 1);
            assertThat(partial.first().first()).isZero();
        });
    }

    @ParameterizedTest(name = "RFC 9110 15.5.17: a 416 for {0} bytes carries Content-Range ''{1}''")
    @CsvSource({
        "0,    bytes */0",
        "1000, bytes */1000",
        "9223372036854775807, bytes */9223372036854775807",
    })
    void unsatisfiableReportsTheCompleteLength(long length, String contentRange) {
        assertThat(new RangeDecision.Unsatisfiable(length).contentRange()).isEqualTo(contentRange);
    }
}
