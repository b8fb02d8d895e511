package dev.geocdn.cache.ranges;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;
import java.time.Instant;
import java.util.Collections;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9110 14.6: overlapping and adjacent ranges are coalesced")
class RangeCoalescing_Rfc9110_14_6_Test {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @ParameterizedTest(name = "RFC 9110 14.6: {0} [Range: {1} of 1000 bytes gives {2}]")
    @CsvSource(delimiter = '|', textBlock = """
        overlapping ranges merge                               | bytes=0-99,50-149          | 206 0-149
        adjacent ranges merge                                  | bytes=0-99,100-199         | 206 0-199
        a one-byte gap keeps ranges apart                      | bytes=0-99,101-199         | 206 0-99,101-199
        duplicate ranges merge                                 | bytes=0-9,0-9              | 206 0-9
        a contained range disappears                           | bytes=0-999,100-199        | 206 0-999
        merged ranges are sorted ascending                     | bytes=500-599,0-99,550-649 | 206 0-99,500-649
        disjoint ranges keep the client's order                | bytes=500-599,0-99         | 206 500-599,0-99
        disjoint ranges keep the client's order, three of them | bytes=900-909,0-9,500-509  | 206 900-909,0-9,500-509
        repeated whole-representation requests collapse       | bytes=0-,0-,0-,0-          | 206 0-999
        a suffix and an open range over the same bytes merge   | bytes=-100,900-            | 206 900-999
        clamped ranges merge after clamping                    | bytes=990-2000,-5          | 206 990-999
        ranges covering everything become one partial range    | bytes=0-499,500-           | 206 0-999
        reversed adjacent ranges merge                         | bytes=100-199,0-99         | 206 0-199
        a chain of adjacent ranges merges into one             | bytes=20-29,0-9,10-19      | 206 0-29
        unsatisfiable ranges take no part in merging           | bytes=0-9,1000-,10-19      | 206 0-19
        """)
    void overlappingRangesAreMerged(String rule, String range, String expected) {
        RangeDecision decision = RangeRequests.decide("GET", Headers.of("Range", range), 1000, Headers.EMPTY, NOW);
        assertThat(Describe.decision(decision)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "RFC 9110 17.15: {0} copies of ''{1}'' become the single range {2}")
    @CsvSource({
        "64, 0-,    0-999",
        "64, -1000, 0-999",
        "64, 0-0,   0-0",
    })
    void overlappingRangeAbuseCollapsesToOnePart(int copies, String spec, String expected) {
        String range = "bytes=" + String.join(",", Collections.nCopies(copies, spec));
        RangeDecision decision = RangeRequests.decide("GET", Headers.of("Range", range), 1000, Headers.EMPTY, NOW);
        assertThat(Describe.decision(decision)).isEqualTo("206 " + expected);
    }
}
