package dev.geocdn.cache.ranges;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 9110 13.1.5: If-Range makes the Range conditional on a strong validator")
class IfRange_Rfc9110_13_1_5_Test {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final String LAST_MODIFIED = "Sun, 06 Nov 1994 08:49:37 GMT";
    private static final String ONE_SECOND_LATER = "Sun, 06 Nov 1994 08:49:38 GMT";
    private static final String ONE_SECOND_EARLIER = "Sun, 06 Nov 1994 08:49:36 GMT";
    private static final String TEN_SECONDS_LATER = "Sun, 06 Nov 1994 08:49:47 GMT";

    /** A representation whose Last-Modified is strong: Date is ten seconds later. */
    private static final Headers STORED = Headers.of(
            "ETag", "\"v1\"",
            "Last-Modified", LAST_MODIFIED,
            "Date", TEN_SECONDS_LATER);

    static Stream<Arguments> entityTags() {
        return Stream.of(
                Arguments.of("the same strong entity-tag lets the range apply", "\"v1\"", STORED, "206 0-9"),
                Arguments.of("a different entity-tag means the whole representation", "\"v2\"", STORED, "200"),
                Arguments.of("a weak If-Range entity-tag never matches", "W/\"v1\"", STORED, "200"),
                Arguments.of("a weak stored ETag never matches",
                        "\"v1\"", Headers.of("ETag", "W/\"v1\""), "200"),
                Arguments.of("two weak entity-tags never match",
                        "W/\"v1\"", Headers.of("ETag", "W/\"v1\""), "200"),
                Arguments.of("entity-tags compare case-sensitively", "\"V1\"", STORED, "200"),
                Arguments.of("a representation without ETag cannot match an entity-tag",
                        "\"v1\"", Headers.of("Last-Modified", LAST_MODIFIED, "Date", TEN_SECONDS_LATER), "200"),
                Arguments.of("an unterminated entity-tag is malformed", "\"v1", STORED, "200"),
                Arguments.of("an unquoted entity-tag is neither a tag nor a date", "v1", STORED, "200"),
                Arguments.of("a list of entity-tags is not one validator", "\"v1\", \"v2\"", STORED, "200"),
                Arguments.of("a wildcard is not a validator", "*", STORED, "200"));
    }

    @ParameterizedTest(name = "RFC 9110 13.1.5: {0} [If-Range: {1}]")
    @MethodSource("entityTags")
    void entityTagMustMatchStrongly(String rule, String ifRange, Headers representation, String expected) {
        assertThat(decide(ifRange, representation, "bytes=0-9")).isEqualTo(expected);
    }

    static Stream<Arguments> dates() {
        return Stream.of(
                Arguments.of("the exact Last-Modified lets the range apply",
                        LAST_MODIFIED, STORED, "206 0-9"),
                Arguments.of("the exact Last-Modified in asctime format also matches",
                        "Sun Nov  6 08:49:37 1994", STORED, "206 0-9"),
                Arguments.of("a later date is not an exact match",
                        ONE_SECOND_LATER, STORED, "200"),
                Arguments.of("an earlier date is not an exact match",
                        ONE_SECOND_EARLIER, STORED, "200"),
                Arguments.of("a Date one second after Last-Modified makes it strong (8.8.2.2)",
                        LAST_MODIFIED, Headers.of("Last-Modified", LAST_MODIFIED, "Date", ONE_SECOND_LATER), "206 0-9"),
                Arguments.of("a Date in the same second makes Last-Modified weak (8.8.2.2)",
                        LAST_MODIFIED, Headers.of("Last-Modified", LAST_MODIFIED, "Date", LAST_MODIFIED), "200"),
                Arguments.of("a Date before Last-Modified makes it weak (8.8.2.2)",
                        LAST_MODIFIED, Headers.of("Last-Modified", LAST_MODIFIED, "Date", ONE_SECOND_EARLIER), "200"),
                Arguments.of("without a Date Last-Modified cannot be shown strong (8.8.2.2)",
                        LAST_MODIFIED, Headers.of("ETag", "\"v1\"", "Last-Modified", LAST_MODIFIED), "200"),
                Arguments.of("an invalid Date cannot show Last-Modified strong",
                        LAST_MODIFIED, Headers.of("Last-Modified", LAST_MODIFIED, "Date", "yesterday"), "200"),
                Arguments.of("a representation without Last-Modified cannot match a date",
                        LAST_MODIFIED, Headers.of("ETag", "\"v1\"", "Date", TEN_SECONDS_LATER), "200"),
                Arguments.of("an invalid date means the whole representation",
                        "not a date", STORED, "200"),
                Arguments.of("an empty If-Range means the whole representation",
                        "", STORED, "200"));
    }

    @ParameterizedTest(name = "RFC 9110 13.1.5: {0} [If-Range: {1}]")
    @MethodSource("dates")
    void dateMustEqualAStrongLastModified(String rule, String ifRange, Headers representation, String expected) {
        assertThat(decide(ifRange, representation, "bytes=0-9")).isEqualTo(expected);
    }

    static Stream<Arguments> interplay() {
        return Stream.of(
                Arguments.of("a matching If-Range leaves an unsatisfiable Range unsatisfiable",
                        Headers.of("Range", "bytes=5000-", "If-Range", "\"v1\""), STORED, "416 bytes */1000"),
                Arguments.of("a failing If-Range turns an unsatisfiable Range into a 200",
                        Headers.of("Range", "bytes=5000-", "If-Range", "\"v2\""), STORED, "200"),
                Arguments.of("a matching If-Range does not rescue a malformed Range",
                        Headers.of("Range", "bytes=9-0", "If-Range", "\"v1\""), STORED, "200"),
                Arguments.of("a matching If-Range keeps multiple ranges",
                        Headers.of("Range", "bytes=0-9,20-29", "If-Range", "\"v1\""), STORED, "206 0-9,20-29"),
                Arguments.of("two If-Range lines are not one validator",
                        Headers.of("Range", "bytes=0-9", "If-Range", "\"v1\"", "If-Range", "\"v1\""), STORED, "200"),
                Arguments.of("the If-Range field name is case-insensitive",
                        Headers.of("Range", "bytes=0-9", "if-range", "\"v1\""), STORED, "206 0-9"),
                Arguments.of("an If-Range never matches when the representation's fields are unknown",
                        Headers.of("Range", "bytes=0-9", "If-Range", "\"v1\""), null, "200"),
                Arguments.of("unknown representation fields do not matter without If-Range",
                        Headers.of("Range", "bytes=0-9"), null, "206 0-9"));
    }

    @ParameterizedTest(name = "RFC 9110 13.2.2 step 5: {0}")
    @MethodSource("interplay")
    void ifRangeIsEvaluatedBeforeTheRange(String rule, Headers request, Headers representation, String expected) {
        assertThat(Describe.decision(RangeRequests.decide("GET", request, 1000, representation, NOW)))
                .isEqualTo(expected);
    }

    private static String decide(String ifRange, Headers representation, String range) {
        Headers request = Headers.of("Range", range, "If-Range", ifRange);
        return Describe.decision(RangeRequests.decide("GET", request, 1000, representation, NOW));
    }
}
