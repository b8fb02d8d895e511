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

@DisplayName("RFC 9110 14.1: the Range field is parsed strictly and resolved against the length")
class RangeParsing_Rfc9110_14_1_Test {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    static String decide(String range, long length) {
        return Describe.decision(RangeRequests.decide("GET", Headers.of("Range", range), length, Headers.EMPTY, NOW));
    }

    @ParameterizedTest(name = "RFC 9110 {0}: {1} [Range: {2} of {3} bytes gives {4}]")
    @CsvSource(delimiter = '|', textBlock = """
        14.1.2 | a closed int-range selects exactly those bytes      | bytes=0-99          | 1000 | 206 0-99
        14.1.2 | the first byte alone is bytes=0-0                   | bytes=0-0           | 1000 | 206 0-0
        14.1.2 | the last byte alone is length-1 twice               | bytes=999-999       | 1000 | 206 999-999
        14.1.2 | an open-ended range runs to the last byte           | bytes=500-          | 1000 | 206 500-999
        14.1.2 | an open-ended range from 0 is the whole thing       | bytes=0-            | 1000 | 206 0-999
        14.1.2 | a suffix range selects the final bytes              | bytes=-100          | 1000 | 206 900-999
        14.1.2 | a suffix of one byte selects the last byte          | bytes=-1            | 1000 | 206 999-999
        14.1.2 | a suffix longer than the representation is all of it| bytes=-5000         | 1000 | 206 0-999
        14.1.2 | a last-pos beyond the end is clamped to the end     | bytes=900-5000      | 1000 | 206 900-999
        14.1.2 | the largest long as last-pos is clamped             | bytes=0-9223372036854775807 | 1000 | 206 0-999
        14.1.2 | the largest long as suffix is all of it             | bytes=-9223372036854775807  | 1000 | 206 0-999
        14.1.1 | leading zeros are still decimal numbers             | bytes=000-009       | 1000 | 206 0-9
        14.1.2 | several ranges are kept in the client's order       | bytes=500-599,0-99  | 1000 | 206 500-599,0-99
        14.1   | the unit name is case-insensitive (upper)           | BYTES=0-9           | 1000 | 206 0-9
        14.1   | the unit name is case-insensitive (mixed)           | ByTeS=0-9           | 1000 | 206 0-9
        14.1.1 | a zero suffix is unsatisfiable                      | bytes=-0            | 1000 | 416 bytes */1000
        14.1.1 | a first-pos equal to the length is unsatisfiable    | bytes=1000-1001     | 1000 | 416 bytes */1000
        14.1.1 | a first-pos beyond the length is unsatisfiable      | bytes=5000-         | 1000 | 416 bytes */1000
        14.1.1 | the largest long as first-pos is unsatisfiable      | bytes=9223372036854775807- | 1000 | 416 bytes */1000
        14.1.1 | all-unsatisfiable ranges are unsatisfiable          | bytes=2000-2999,-0  | 1000 | 416 bytes */1000
        14.1.1 | unsatisfiable ranges are dropped beside good ones   | bytes=5000-6000,0-9 | 1000 | 206 0-9
        14.1.1 | a zero suffix is dropped beside a good range        | bytes=-0,0-9        | 1000 | 206 0-9
        14.1.1 | zero length makes an int-range unsatisfiable        | bytes=0-0           | 0    | 416 bytes */0
        14.1.1 | zero length makes an open range unsatisfiable       | bytes=0-            | 0    | 416 bytes */0
        14.1.1 | zero length makes a suffix range unsatisfiable      | bytes=-1            | 0    | 416 bytes */0
        14.1.1 | zero length makes a zero suffix unsatisfiable       | bytes=-0            | 0    | 416 bytes */0
        14.1.2 | a one-byte representation has exactly bytes=0-0     | bytes=0-5           | 1    | 206 0-0
        5.6.1  | whitespace around commas is allowed                 | bytes=0-9 , 20-29   | 1000 | 206 0-9,20-29
        5.6.1  | whitespace around a list element is tolerated       | bytes= 0-9          | 1000 | 206 0-9
        5.6.1.2| empty list elements are ignored                     | 'bytes=, ,0-9,,'    | 1000 | 206 0-9
        5.6.1.2| a trailing comma is an empty element                | 'bytes=0-9,'        | 1000 | 206 0-9
        14.1   | another unit is ignored                             | items=0-9           | 1000 | 200
        14.1   | a unit that merely starts with bytes is another unit| bytesx=0-9          | 1000 | 200
        14.1   | a unit that is a prefix of bytes is another unit    | byte=0-9            | 1000 | 200
        14.1.1 | a missing unit is malformed                         | =0-9                | 1000 | 200
        14.1.1 | a missing equals sign is malformed                  | bytes 0-9           | 1000 | 200
        14.1.1 | whitespace before the equals sign is malformed      | bytes =0-9          | 1000 | 200
        14.1.1 | an empty range-set is malformed                     | bytes=              | 1000 | 200
        14.1.1 | a range-set of empty elements only is malformed     | 'bytes=, ,'         | 1000 | 200
        14.1.1 | last-pos below first-pos is malformed               | bytes=10-5          | 1000 | 200
        14.1.1 | one malformed spec makes the whole field ignored    | bytes=0-9,10-5      | 1000 | 200
        14.1.1 | malformed wins over unsatisfiable                   | bytes=5000-6000,10-5| 1000 | 200
        14.1.1 | whitespace inside a range-spec is malformed         | bytes=0 - 9         | 1000 | 200
        14.1.1 | a lone dash is malformed                            | bytes=-             | 1000 | 200
        14.1.1 | a double dash is malformed                          | bytes=0--9          | 1000 | 200
        14.1.1 | a negative suffix is malformed                      | bytes=--9           | 1000 | 200
        14.1.1 | three positions are malformed                       | bytes=0-9-20        | 1000 | 200
        14.1.1 | a plus sign is not a digit                          | bytes=+5-9          | 1000 | 200
        14.1.1 | hexadecimal is not a digit                          | bytes=0x10-20       | 1000 | 200
        14.1.1 | letters after a position are malformed              | bytes=0-9x          | 1000 | 200
        14.1.1 | an other-range is not a byte range                  | bytes=abc           | 1000 | 200
        14.1.1 | a first-pos that overflows a long is malformed      | bytes=99999999999999999999-      | 1000 | 200
        14.1.1 | a last-pos that overflows a long is malformed       | bytes=0-99999999999999999999     | 1000 | 200
        14.1.1 | a suffix that overflows a long is malformed         | bytes=-99999999999999999999      | 1000 | 200
        14.1.1 | one more than the largest long is malformed         | bytes=0-9223372036854775808      | 1000 | 200
        14.1.1 | non-ASCII digits are not DIGIT                      | bytes=٠-9           | 1000 | 200
        14.1.1 | a malformed field is ignored even at length 0       | bytes=5-1           | 0    | 200
        """)
    void rangeFieldIsResolvedAgainstTheRepresentation(String section, String rule, String range, long length,
            String expected) {
        assertThat(decide(range, length)).isEqualTo(expected);
    }

    static Stream<Arguments> whitespace() {
        return Stream.of(
                Arguments.of("tabs around commas are OWS", "bytes=0-9\t,\t20-29", "206 0-9,20-29"),
                Arguments.of("several spaces around commas are OWS", "bytes=0-9   ,   20-29", "206 0-9,20-29"),
                Arguments.of("a line feed is not OWS", "bytes=0-9,\n20-29", "200"),
                Arguments.of("a no-break space is not OWS", "bytes=0-9,\u00a020-29", "200"));
    }

    @ParameterizedTest(name = "RFC 9110 5.6.3: {0}")
    @MethodSource("whitespace")
    void onlySpaceAndTabAreOptionalWhitespace(String rule, String range, String expected) {
        assertThat(decide(range, 1000)).isEqualTo(expected);
    }

    static Stream<Arguments> rangeCounts() {
        return Stream.of(
                Arguments.of(1, "206"),
                Arguments.of(63, "206"),
                Arguments.of(64, "206"),
                Arguments.of(65, "200"),
                Arguments.of(1000, "200"));
    }

    @ParameterizedTest(name = "RFC 9110 17.15: {0} disjoint ranges give {1}, since more than 64 are ignored")
    @MethodSource("rangeCounts")
    void moreThanSixtyFourRangesAreIgnored(int count, String expectedStatus) {
        StringBuilder range = new StringBuilder("bytes=");
        for (int i = 0; i < count; i++) {
            range.append(i == 0 ? "" : ",").append(i * 10).append('-').append(i * 10 + 4);
        }
        String decision = decide(range.toString(), 100_000);
        assertThat(decision).startsWith(expectedStatus);
        if (expectedStatus.equals("206")) {
            assertThat(decision.split(",")).hasSize(count);
        }
    }

    @ParameterizedTest(name = "RFC 9110 17.15: 65 ranges are ignored even when {0}")
    @CsvSource(delimiter = '|', textBlock = """
        they all coalesce into one         | 0-
        they are all unsatisfiable         | 5000-
        """)
    void theLimitCountsRangeSpecsAsSent(String rule, String spec) {
        String range = "bytes=" + String.join(",", java.util.Collections.nCopies(65, spec));
        assertThat(decide(range, 1000)).isEqualTo("200");
    }

    @ParameterizedTest(name = "RFC 9110 5.6.1.2: empty elements do not count towards the limit ({0} of them)")
    @CsvSource({"1", "100", "10000"})
    void emptyElementsDoNotCountTowardsTheLimit(int empties) {
        String range = "bytes=" + ",".repeat(empties) + "0-9";
        assertThat(decide(range, 1000)).isEqualTo("206 0-9");
    }
}
