package dev.geocdn.protocol.hlc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HlcTimeTest {

    @ParameterizedTest
    @CsvSource({
            "1764869400123, 0, 2025-12-04T17:30:00.123Z/0",
            "1764869400123, 5, 2025-12-04T17:30:00.123Z/5",
            "0, 65535, 1970-01-01T00:00:00Z/65535"})
    void formatsAndParsesBack(long millis, long logical, String text) {
        long time = HlcTime.of(millis, logical);

        assertThat(HlcTime.physicalMillis(time)).isEqualTo(millis);
        assertThat(HlcTime.logical(time)).isEqualTo((int) logical);
        assertThat(HlcTime.format(time)).isEqualTo(text);
        assertThat(HlcTime.parse(text)).isEqualTo(time);
    }

    @ParameterizedTest
    @CsvSource({"1000, 0, 1000, 1", "1000, 65535, 1001, 0", "999, 9, 1000, 0"})
    void timesCompareAsNumbers(long ms1, long c1, long ms2, long c2) {
        assertThat(HlcTime.of(ms1, c1)).isLessThan(HlcTime.of(ms2, c2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12345", "yesterday/1", "2025-12-04T17:30:00Z/x", "2025-12-04T17:30:00Z/70000"})
    void badTexts_areRefusedWithTheText(String text) {
        assertThatThrownBy(() -> HlcTime.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HLC");
    }
}
