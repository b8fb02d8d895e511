package dev.geocdn.cache.ranges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9110 14.1.2 / 14.4: a byte range is inclusive at both ends")
class ByteRange_Rfc9110_14_1_2_Test {

    @ParameterizedTest(name = "RFC 9110 14.1.2: bytes {0}-{1} hold {2} bytes")
    @CsvSource({
        "0,   0,   1",
        "0,   99,  100",
        "500, 999, 500",
        "0,   9223372036854775806, 9223372036854775807",
    })
    void lengthCountsBothEnds(long first, long last, long length) {
        assertThat(new ByteRange(first, last).length()).isEqualTo(length);
    }

    @ParameterizedTest(name = "RFC 9110 14.4: bytes {0}-{1} of {2} are described as ''{3}''")
    @CsvSource({
        "0,   99,  1000, bytes 0-99/1000",
        "0,   0,   1,    bytes 0-0/1",
        "999, 999, 1000, bytes 999-999/1000",
        "500, 999, 8000, bytes 500-999/8000",
    })
    void contentRangeNamesTheRangeAndTheCompleteLength(long first, long last, long complete, String expected) {
        assertThat(new ByteRange(first, last).contentRange(complete)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "RFC 9110 14.4: bytes {0}-{1} cannot be described within {2} bytes")
    @CsvSource({
        "0,  99, 99",
        "0,  0,  0",
    })
    void contentRangeRejectsRangesBeyondTheRepresentation(long first, long last, long complete) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ByteRange(first, last).contentRange(complete));
    }

    @ParameterizedTest(name = "RFC 9110 14.1.1: {0}-{1} is not a byte range")
    @CsvSource({
        "-1, 5",
        "5,  4",
        "0,  -1",
    })
    void negativeOrReversedRangesDoNotExist(long first, long last) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ByteRange(first, last));
    }
}
