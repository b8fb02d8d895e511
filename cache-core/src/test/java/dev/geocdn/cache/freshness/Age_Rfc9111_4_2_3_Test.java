package dev.geocdn.cache.freshness;

import static dev.geocdn.cache.freshness.Http.at;
import static dev.geocdn.cache.freshness.Http.date;
import static dev.geocdn.cache.freshness.Http.headers;
import static dev.geocdn.cache.freshness.Http.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.StoredResponse;

import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RFC 9111 4.2.3: calculating age")
class Age_Rfc9111_4_2_3_Test {

    /** description, request sent at, response received at (seconds after T0), expected corrected_initial_age in seconds. */
    static Stream<Arguments> initialAges() {
        return Stream.of(
                row("4.2.3: no Date, no Age, no delay is 0", 0, 0, 0),
                row("4.2.3: apparent age from Date", 0, 0, 30, "Date", date(-30)),
                row("4.2.3: Date in the future gives apparent age 0", 0, 0, 0, "Date", date(30)),
                row("4.2.3: response delay alone counts", -5, 0, 5),
                row("4.2.3: Age plus response delay", -2, 0, 102, "Date", date(0), "Age", "100"),
                row("4.2.3: apparent age wins when larger", -1, 0, 60, "Date", date(-60), "Age", "10"),
                row("4.2.3: corrected Age wins when larger", -3, 0, 33, "Date", date(-10), "Age", "30"),
                row("5.1: invalid Age is ignored", -2, 0, 2, "Age", "abc"),
                row("5.1: negative Age is ignored", -2, 0, 2, "Age", "-5"),
                row("5.1: fractional Age is ignored", 0, 0, 0, "Age", "1.5"),
                row("5.1: empty Age is ignored", 0, 0, 0, "Age", ""),
                row("5.1: the first of several Age values counts", 0, 0, 10, "Age", "10, 20"),
                row("5.1: the first of several Age lines counts", 0, 0, 10, "Age", "10", "Age", "20"),
                row("1.2.2: huge Age is capped at 2^31 seconds", 0, 0, 2_147_483_648L, "Age", "99999999999999999999"),
                row("4.2.3: invalid Date is replaced by the response time", -4, 0, 4, "Date", "garbage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("initialAges")
    void correctedInitialAge(String description, long requestAt, long responseAt, long expectedSeconds, Headers response) {
        assertThat(Freshness.correctedInitialAgeMillis(response, at(requestAt), at(responseAt)))
                .isEqualTo(expectedSeconds * 1000);
    }

    @ParameterizedTest(name = "4.2.3: {0} s after receipt, an entry received with Age 10 is {1} s old")
    @CsvSource({
        "0,      10",
        "1,      11",
        "50,     60",
        "3600,   3610",
        "-30,    10",
    })
    void currentAge_growsWithResidentTime(long residentSeconds, long expectedAge) {
        StoredResponse response = stored(200, headers("Date", date(0), "Age", "10", "Cache-Control", "max-age=100"), at(0), at(0));

        assertThat(response.currentAgeMillis(at(residentSeconds))).isEqualTo(expectedAge * 1000);
        assertThat(response.ageSeconds(at(residentSeconds))).isEqualTo(expectedAge);
        assertThat(response.remainingMillis(at(residentSeconds))).isEqualTo((100 - expectedAge) * 1000);
        assertThat(response.isFresh(at(residentSeconds))).isEqualTo(expectedAge < 100);
    }

    @ParameterizedTest(name = "5.1: {0} ms after receipt the Age field is {1}")
    @CsvSource({
        "0,    0",
        "999,  0",
        "1000, 1",
        "1999, 1",
    })
    void ageSeconds_truncatesToWholeSeconds(long residentMillis, long expectedAge) {
        StoredResponse response = stored(200, headers("Cache-Control", "max-age=100"), at(0), at(0));
        assertThat(response.ageSeconds(at(0) + residentMillis)).isEqualTo(expectedAge);
    }

    @ParameterizedTest(name = "4.2: max-age=60 with Age {0}, {1} s after receipt, is fresh: {2}")
    @CsvSource({
        "0,   59, true",
        "0,   60, false",
        "30,  29, true",
        "30,  30, false",
        "60,  0,  false",
        "120, 0,  false",
    })
    void freshWhileLifetimeExceedsCurrentAge(long age, long resident, boolean fresh) {
        StoredResponse response = stored(200, headers("Cache-Control", "max-age=60", "Age", Long.toString(age)), at(0), at(0));
        assertThat(response.isFresh(at(resident))).isEqualTo(fresh);
    }

    private static Arguments row(String description, long requestAt, long responseAt, long expectedSeconds, String... namesAndValues) {
        return Arguments.of(description, requestAt, responseAt, expectedSeconds, Headers.of(namesAndValues));
    }
}
