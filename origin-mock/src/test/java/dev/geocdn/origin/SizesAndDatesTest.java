package dev.geocdn.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SizesAndDatesTest {

    @Test
    void sizes_acceptPlainNumbersAndBinarySuffixes() {
        assertThat(Sizes.parse("0")).isZero();
        assertThat(Sizes.parse("1500")).isEqualTo(1500);
        assertThat(Sizes.parse("64k")).isEqualTo(65536);
        assertThat(Sizes.parse("64K")).isEqualTo(65536);
        assertThat(Sizes.parse("64kb")).isEqualTo(65536);
        assertThat(Sizes.parse("1m")).isEqualTo(1 << 20);
        assertThat(Sizes.parse("2g")).isEqualTo(2L << 30);
    }

    @Test
    void sizes_refuseJunkNegativeAndTooLarge() {
        for (String bad : new String[] {"", "x", "-1", "1.5m", "1t", "2049m", "2147483649", "99999999999999g"}) {
            assertThatThrownBy(() -> Sizes.parse(bad)).as(bad).isInstanceOf(BadRequestException.class);
        }
    }

    @Test
    void dates_areFormattedAsImfFixdateWithATwoDigitDay() {
        assertThat(HttpDates.format(Instant.parse("1994-11-06T08:49:37Z"))).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void dates_parseImfFixdate_andRejectJunk() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(HttpDates.parse("not a date")).isNull();
        assertThat(HttpDates.parse(null)).isNull();
    }

    @Test
    void dateControls_turnNumbersIntoSecondsAgo_andKeepOtherValues() {
        Instant now = Instant.parse("2024-01-01T00:01:00Z");

        assertThat(HttpDates.fromControl("60", now)).isEqualTo("Mon, 01 Jan 2024 00:00:00 GMT");
        assertThat(HttpDates.fromControl("-60", now)).isEqualTo("Mon, 01 Jan 2024 00:02:00 GMT");
        assertThat(HttpDates.fromControl("garbage", now)).isEqualTo("garbage");
    }
}
