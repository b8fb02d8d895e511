package dev.geocdn.cache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RFC 9110 5.6.7: HTTP-date")
class HttpDates_Rfc9110_5_6_7_Test {

    /** The fixed "now" used for the 50-year rule. */
    private static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    static Stream<Arguments> acceptedFormats() {
        return Stream.of(
                Arguments.of("5.6.7: IMF-fixdate", "Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"),
                Arguments.of("5.6.7: IMF-fixdate, case-insensitive", "sun, 06 nov 1994 08:49:37 gmt", "1994-11-06T08:49:37Z"),
                Arguments.of("5.6.7: IMF-fixdate with surrounding whitespace", "  Sun, 06 Nov 1994 08:49:37 GMT ", "1994-11-06T08:49:37Z"),
                Arguments.of("5.6.7: RFC 850 date", "Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37Z"),
                Arguments.of("5.6.7: asctime, single-digit day with double space", "Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"),
                Arguments.of("5.6.7: asctime, two-digit day", "Thu Nov 10 08:49:37 1994", "1994-11-10T08:49:37Z"),
                Arguments.of("lenient: asctime with a single space before the day", "Sun Nov 6 08:49:37 1994", "1994-11-06T08:49:37Z"),
                Arguments.of("lenient: no day name", "06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"));
    }

    @ParameterizedTest(name = "{0}: \"{1}\"")
    @MethodSource("acceptedFormats")
    void recipientsAcceptAllThreeFormats(String description, String value, String expected) {
        assertThat(HttpDates.parse(value, NOW)).contains(Instant.parse(expected));
    }

    @ParameterizedTest(name = "5.6.7: RFC 850 year ''{0}'' read in 2025 is {1}")
    @CsvSource(delimiter = '|', value = {
        "Wednesday, 01-Jan-70 00:00:00 GMT |  2070-01-01T00:00:00Z",
        "Thursday, 01-Jan-76 00:00:00 GMT |  1976-01-01T00:00:00Z",
        "Wednesday, 01-Jan-25 00:00:00 GMT | 2025-01-01T00:00:00Z",
        "Saturday, 01-Jan-00 00:00:00 GMT |  2000-01-01T00:00:00Z",
        "Friday, 31-Dec-99 23:59:59 GMT |   1999-12-31T23:59:59Z",
        "Sunday, 06-Nov-94 08:49:37 GMT |    1994-11-06T08:49:37Z",
    })
    void rfc850TwoDigitYearMoreThan50YearsAheadIsInThePastCentury(String value, String expected) {
        assertThat(HttpDates.parse(value, NOW)).contains(Instant.parse(expected));
    }

    @ParameterizedTest(name = "5.6.7: RFC 850 year ''{1}'' read in {0} is {2}")
    @CsvSource(delimiter = '|', value = {
        // near the end of a century the window reaches into the next one
        "2095-06-01T00:00:00Z | Wednesday, 01-Jan-10 00:00:00 GMT | 2110-01-01T00:00:00Z",
        "2095-06-01T00:00:00Z | Saturday, 01-Jan-50 00:00:00 GMT | 2050-01-01T00:00:00Z",
        // 01-Jun-75 is exactly 50 years ahead: not more than 50, so kept
        "2025-06-01T00:00:00Z | Saturday, 01-Jun-75 00:00:00 GMT | 2075-06-01T00:00:00Z",
        "2025-06-01T00:00:00Z | Monday, 01-Dec-75 00:00:00 GMT | 1975-12-01T00:00:00Z",
    })
    void rfc850WindowFollowsTheCurrentTime(String now, String value, String expected) {
        assertThat(HttpDates.parse(value, Instant.parse(now))).contains(Instant.parse(expected));
    }

    @ParameterizedTest(name = "5.6.7: \"{0}\" is not an HTTP-date")
    @ValueSource(strings = {
        "", "   ", "0", "-1", "garbage", "tomorrow", "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Monday, 06-Nov-94 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "1994-11-06T08:49:37Z",
        // another zone than GMT: not an HTTP-date (an Expires like this means already expired)
        "Sun, 06 Nov 1994 08:49:37 +0000", "Sun, 06 Nov 1994 09:49:37 +0100", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 EST", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Nov 1994 08:49:37",
        "Sunday, 06-Nov-94 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 GMT+1",
        "Sun, 06 Nov 1994 08:49:37 GMT and then some text that makes it far too long to be a date",
    })
    void garbageIsEmpty(String value) {
        assertThat(HttpDates.parse(value, NOW)).isEmpty();
    }

    @Test
    void nullIsEmpty() {
        assertThat(HttpDates.parse(null, NOW)).isEmpty();
    }

    @ParameterizedTest(name = "5.6.7: {0} formats as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "1994-11-06T08:49:37Z     | Sun, 06 Nov 1994 08:49:37 GMT",
        "1970-01-01T00:00:00Z     | Thu, 01 Jan 1970 00:00:00 GMT",
        "2025-06-01T00:00:00.999Z | Sun, 01 Jun 2025 00:00:00 GMT",
        "2038-01-19T03:14:08Z     | Tue, 19 Jan 2038 03:14:08 GMT",
    })
    void sendersGenerateImfFixdate(String instant, String expected) {
        assertThat(HttpDates.format(Instant.parse(instant))).isEqualTo(expected);
        assertThat(HttpDates.format(Instant.parse(instant).toEpochMilli())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "5.6.7: format then parse returns {0} (whole seconds)")
    @ValueSource(longs = {0L, 784_111_777_000L, 1_748_736_000_000L, 1_748_736_000_999L, 4_102_444_799_000L})
    void formatRoundTrips(long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        assertThat(HttpDates.parse(HttpDates.format(instant), NOW))
                .contains(Instant.ofEpochSecond(instant.getEpochSecond()));
    }
}
