package dev.geocdn.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ObjectGeneratorTest {

    @Test
    void bytes_areAFunctionOfPathSizeAndVersion() {
        byte[] base = ObjectGenerator.bytes("/objects/a", 10_000, "1");

        assertThat(ObjectGenerator.bytes("/objects/a", 10_000, "1")).isEqualTo(base);
        assertThat(ObjectGenerator.bytes("/objects/a", 10_000, "2")).isNotEqualTo(base);
        assertThat(ObjectGenerator.bytes("/objects/b", 10_000, "1")).isNotEqualTo(base);
    }

    @Test
    void bytes_smallerThanThePrefix_areItsStart() {
        assertThat(new String(ObjectGenerator.bytes("/objects/a", 5, ""))).isEqualTo("path=");
    }

    @Test
    void byteAt_agreesWithBytes() {
        byte[] bytes = ObjectGenerator.bytes("/objects/a", 20_000, "v");

        for (int i = 0; i < bytes.length; i += 7) {
            assertThat(ObjectGenerator.byteAt("/objects/a", 20_000, "v", i)).isEqualTo(bytes[i]);
        }
    }

    @Test
    void largeBody_slicesAgreeWithByteAt_atAnyOffset() {
        long size = 4L << 20;
        Body body = new ObjectGenerator(1 << 20).body("/objects/big", size, "");

        assertThat(body.length()).isEqualTo(size);
        for (long from : new long[] {0, 10, 4093, 65_535, 1_000_003, size - 70_000}) {
            byte[] slice = collect(body, from, 70_000);
            assertThat(slice).hasSize(70_000);
            for (int i = 0; i < slice.length; i += 101) {
                assertThat(slice[i]).as("byte %d", from + i).isEqualTo(ObjectGenerator.byteAt("/objects/big", size, "", from + i));
            }
        }
    }

    @Test
    void body_isCachedByPathSizeAndVersion() {
        ObjectGenerator generator = new ObjectGenerator(1 << 20);

        assertThat(generator.body("/objects/a", 100, "")).isSameAs(generator.body("/objects/a", 100, ""));
        assertThat(generator.body("/objects/a", 100, "")).isNotSameAs(generator.body("/objects/a", 100, "2"));
    }

    @Test
    void cache_evictsTheLeastRecentlyUsedBeyondItsBudget() {
        ObjectGenerator generator = new ObjectGenerator(250_000);
        Body first = generator.body("/objects/1", 100_000, "");
        generator.body("/objects/2", 100_000, "");
        generator.body("/objects/3", 100_000, "");

        assertThat(generator.body("/objects/1", 100_000, "")).isNotSameAs(first);
    }

    private static byte[] collect(Body body, long from, long count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buffer : body.slice(from, count).toIterable()) {
            out.writeBytes(ByteBufUtil.getBytes(buffer));
            buffer.release();
        }
        return out.toByteArray();
    }
}
