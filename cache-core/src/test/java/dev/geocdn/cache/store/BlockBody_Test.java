package dev.geocdn.cache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Body: read-only views over stored blocks")
class BlockBody_Test {

    /** "abc" "defg" "hi" with the last block partly used: "abcdefgh". */
    private final Body body = new BlockBody(List.of("abc".getBytes(), "defg".getBytes(), "hiXX".getBytes()), 9);

    @ParameterizedTest(name = "slice {0}+{1} is ''{2}'' in {3} views")
    @CsvSource({
        "0, 9, abcdefghi, 3",
        "0, 3, abc,       1",
        "2, 2, cd,        2",
        "3, 4, defg,      1",
        "6, 3, ghi,       2",
        "8, 1, i,         1",
        "4, 0, '',        0",
        "9, 0, '',        0",
    })
    void slices_coverTheRangeInOrder(long offset, long length, String expected, int views) {
        List<ByteBuffer> slices = new ArrayList<>();
        body.forEachSlice(offset, length, slices::add);
        assertThat(concat(slices)).isEqualTo(expected);
        assertThat(slices).hasSize(views).allMatch(ByteBuffer::isReadOnly);
    }

    @ParameterizedTest(name = "slice {0}+{1} is out of bounds")
    @CsvSource({"-1, 1", "0, 10", "9, 1", "5, -1"})
    void slicesOutsideTheBody_areRejected(long offset, long length) {
        assertThatThrownBy(() -> body.forEachSlice(offset, length, b -> { }))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void toByteArray_copiesTheWholeBody() {
        assertThat(new String(body.toByteArray())).isEqualTo("abcdefghi");
        assertThat(Body.EMPTY.length()).isZero();
        assertThat(Body.EMPTY.toByteArray()).isEmpty();
        assertThat(Body.of("xyz".getBytes()).toByteArray()).containsExactly('x', 'y', 'z');
    }

    @Test
    void views_shareMemoryWithTheBody() {
        byte[] block = "abc".getBytes();
        Body shared = Body.of(block);
        block[1] = 'X'; // never done in production; shows no copy was taken
        assertThat(new String(shared.toByteArray())).isEqualTo("aXc");
    }

    private static String concat(List<ByteBuffer> slices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer slice : slices) {
            byte[] bytes = new byte[slice.remaining()];
            slice.duplicate().get(bytes);
            out.writeBytes(bytes);
        }
        return out.toString();
    }
}
