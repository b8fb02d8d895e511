package dev.geocdn.cache.partial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.geocdn.cache.store.Body;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RFC 9111 3.3: the parts of a representation the cache holds")
class PartialBodyTest {

    private static final String WHOLE = "0123456789abcdefghij"; // 20 bytes

    private static PartialBody part(int first, int lastInclusive) {
        return PartialBody.of(WHOLE.length(), first,
                Body.of(WHOLE.substring(first, lastInclusive + 1).getBytes(StandardCharsets.US_ASCII)));
    }

    private static String read(Body body, long offset, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.forEachSlice(offset, length, (ByteBuffer slice) -> {
            byte[] bytes = new byte[slice.remaining()];
            slice.get(bytes);
            out.writeBytes(bytes);
        });
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void partsCombine_andReadAcrossTheirBoundaries() {
        PartialBody body = part(0, 4).with(part(5, 9));

        assertThat(body.length()).isEqualTo(10);
        assertThat(body.completeLength()).isEqualTo(20);
        assertThat(body.covers(0, 9)).isTrue();
        assertThat(read(body, 3, 4)).isEqualTo("3456");
        assertThat(body.isComplete()).isFalse();
    }

    @ParameterizedTest(name = "held 0-4 and 10-14: missing in {0}-{1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "0  | 4  | none",
        "0  | 14 | 5-9",
        "3  | 12 | 5-9",
        "0  | 19 | 5-19",
        "15 | 19 | 15-19",
        "12 | 14 | none",
        "4  | 10 | 5-9",
    })
    void whatIsMissing_isOneSpanToAskFor(long first, long last, String expected) {
        PartialBody body = part(0, 4).with(part(10, 14));

        long[] missing = body.missing(first, last);

        assertThat(missing == null ? "none" : missing[0] + "-" + missing[1]).isEqualTo(expected);
    }

    @Test
    void anOverlappingPart_replacesThePartsItTouches() {
        PartialBody body = part(0, 4).with(part(6, 9)).with(part(3, 7));

        assertThat(body.parts()).extracting(PartialBody.Part::start).containsExactly(3L);
        assertThat(read(body, 3, 5)).isEqualTo("34567");
    }

    @Test
    void partsCoveringEverything_makeACompleteBody() {
        PartialBody body = part(10, 19).with(part(0, 9));

        assertThat(body.isComplete()).isTrue();
        assertThat(body.length()).isEqualTo(20);
        assertThat(new String(body.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(WHOLE);
    }

    @Test
    void bytesNotHeld_cannotBeRead() {
        PartialBody body = part(0, 4);

        assertThatIllegalArgumentException().isThrownBy(() -> read(body, 3, 4));
    }

    @Test
    void partsOfAnotherLength_areAnotherRepresentation() {
        PartialBody other = PartialBody.of(30, 0, Body.of(new byte[5]));

        assertThatIllegalArgumentException().isThrownBy(() -> part(0, 4).with(other));
    }

    @ParameterizedTest(name = "Content-Range ''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "bytes 0-99/1000     | 0-99/1000",
        "BYTES 10-10/11      | 10-10/11",
        "bytes 0-99/*        | invalid",
        "bytes */1000        | invalid",
        "bytes 100-99/1000   | invalid",
        "bytes 0-1000/1000   | invalid",
        "items 0-9/10        | invalid",
        "bytes -1-9/10       | invalid",
    })
    void contentRange(String value, String expected) {
        assertThat(ContentRange.parse(value).map(r -> r.first() + "-" + r.last() + "/" + r.completeLength())
                .orElse("invalid")).isEqualTo(expected);
    }
}
