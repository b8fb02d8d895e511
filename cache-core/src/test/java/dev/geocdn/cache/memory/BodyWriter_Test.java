package dev.geocdn.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("BodyWriter: filling an off-heap body of known or unknown length, followed by readers")
class BodyWriter_Test {

    private static final int PAGE = 4096;
    private static final int SLAB = 4 * PAGE;

    private final SlabAllocator allocator = new SlabAllocator(4 * SLAB, SLAB, PAGE);

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void appendingPastAKnownLength_throws_andCopiesNothing() {
        BodyWriter writer = allocator.allocate(10);
        writer.append(ByteBuffer.wrap("01234567".getBytes()));
        ByteBuffer tooMuch = ByteBuffer.wrap("89X".getBytes());

        assertThatIllegalStateException().isThrownBy(() -> writer.append(tooMuch));

        assertThat(tooMuch.position()).isZero();
        assertThat(writer.written()).isEqualTo(8);
        assertThat(writer.append(ByteBuffer.wrap("89".getBytes()))).isTrue();
        assertThat(writer.complete().toByteArray()).asString().isEqualTo("0123456789");
    }

    @Test
    void completingBeforeTheKnownLength_throws_andTheWriterCanStillBeAborted() {
        BodyWriter writer = allocator.allocate(3 * PAGE);
        Content.write(writer, new byte[PAGE], PAGE);

        assertThatIllegalStateException().isThrownBy(writer::complete);

        writer.abort();
        assertThat(allocator.stats().allocatedBytes()).isZero();
    }

    @ParameterizedTest(name = "{0} bytes written of a {1} length")
    @CsvSource({
        "0,     known",
        "100,   known",
        "10000, known",
        "0,     growing",
        "100,   growing",
        "10000, growing",
    })
    void abort_returnsTheMemory(int length, String kind) {
        BodyWriter writer = kind.equals("known") ? allocator.allocate(length) : allocator.allocateGrowing();
        Content.write(writer, new byte[length], 999);

        writer.abort();

        AllocatorStats stats = allocator.stats();
        assertThat(stats.allocatedBytes()).isZero();
        assertThat(stats.requestedBytes()).isZero();
        assertThat(writer.refCnt()).isZero();
        writer.abort(); // harmless on every failure path
        assertThatIllegalStateException().isThrownBy(() -> writer.append(ByteBuffer.wrap(new byte[1])));
        assertThatIllegalStateException().isThrownBy(writer::complete);
    }

    @Test
    void aCompletedWriter_acceptsNoMoreBytes_andAbortDoesNothing() {
        BodyWriter writer = allocator.allocateGrowing();
        Content.write(writer, new byte[5000], 5000);
        OffHeapBody body = writer.complete();

        assertThatIllegalStateException().isThrownBy(() -> writer.append(ByteBuffer.wrap(new byte[1])));
        assertThatIllegalStateException().isThrownBy(writer::complete);
        writer.abort();
        assertThat(body.refCnt()).isEqualTo(1);
        assertThat(body.toByteArray()).hasSize(5000);
        body.release();
    }

    @Test
    void aGrowingWriter_takesPagesAsBytesArrive() {
        BodyWriter writer = allocator.allocateGrowing();
        assertThat(writer.expectedLength()).isEqualTo(-1);
        assertThat(writer.allocatedBytes()).isZero();
        byte[] bytes = Content.random(3 * PAGE + 10, 1);

        writer.append(ByteBuffer.wrap(bytes, 0, 1000));
        assertThat(writer.allocatedBytes()).isEqualTo(PAGE);
        writer.append(ByteBuffer.wrap(bytes, 1000, PAGE));
        assertThat(writer.allocatedBytes()).isEqualTo(2 * PAGE);
        writer.append(ByteBuffer.wrap(bytes, 1000 + PAGE, bytes.length - 1000 - PAGE));
        assertThat(writer.allocatedBytes()).isEqualTo(4 * PAGE);
        assertThat(allocator.stats().requestedBytes()).isEqualTo(bytes.length);

        OffHeapBody body = writer.complete();
        assertThat(body.toByteArray()).isEqualTo(bytes);
        assertThat(body.allocatedBytes()).isEqualTo(4 * PAGE);
        body.release();
        assertThat(allocator.stats().allocatedBytes()).isZero();
        assertThat(allocator.stats().requestedBytes()).isZero();
    }

    @Test
    void aGrowingBodyThatFitsABlock_isCopiedIntoOne_andItsPageFreed() {
        BodyWriter writer = allocator.allocateGrowing();
        byte[] bytes = Content.random(300, 2);
        Content.write(writer, bytes, 100);
        assertThat(writer.allocatedBytes()).isEqualTo(PAGE);

        OffHeapBody body = writer.complete();

        assertThat(body.toByteArray()).isEqualTo(bytes);
        assertThat(body.allocatedBytes()).isEqualTo(512);
        assertThat(allocator.stats().allocatedBytes()).isEqualTo(512);
        assertThat(allocator.stats().requestedBytes()).isEqualTo(300);
        assertThat(writer.refCnt()).as("the page went back").isZero();
        body.release();
        assertThat(allocator.stats().allocatedBytes()).isZero();
    }

    @Test
    void aGrowingBody_keepsItsPage_whenNoBlockCanBeHad() {
        SlabAllocator onePage = new SlabAllocator(PAGE, PAGE, PAGE);
        try {
            BodyWriter writer = onePage.allocateGrowing();
            Content.write(writer, Content.random(300, 3), 300);

            OffHeapBody body = writer.complete();

            assertThat(body.toByteArray()).isEqualTo(Content.random(300, 3));
            assertThat(body.allocatedBytes()).isEqualTo(PAGE);
            body.release();
            assertThat(onePage.stats().allocatedBytes()).isZero();
        } finally {
            onePage.close();
        }
    }

    @Test
    void aGrowingWriterWithoutRoom_refusesTheAppend_keepingTheBytes_untilRoomIsMade() {
        SlabAllocator threePages = new SlabAllocator(3 * PAGE, PAGE, PAGE);
        try {
            BodyWriter other = threePages.allocate(PAGE);
            BodyWriter writer = threePages.allocateGrowing();
            assertThat(writer.append(ByteBuffer.wrap(new byte[PAGE]))).isTrue();
            ByteBuffer twoPages = ByteBuffer.wrap(Content.random(2 * PAGE, 4));

            assertThat(writer.append(twoPages)).isFalse();

            assertThat(twoPages.position()).isZero();
            assertThat(writer.written()).isEqualTo(PAGE);
            assertThat(threePages.stats().allocatedBytes()).as("all or nothing").isEqualTo(2 * PAGE);
            other.abort();
            assertThat(writer.append(twoPages)).isTrue();
            assertThat(writer.complete().toByteArray()).endsWith(Content.random(2 * PAGE, 4));
        } finally {
            threePages.close();
        }
    }

    @ParameterizedTest(name = "length known: {0}")
    @CsvSource({"true", "false"})
    void readers_seeTheBytesWrittenSoFar(boolean known) {
        byte[] bytes = Content.random(3 * PAGE + 123, 5);
        BodyWriter writer = known ? allocator.allocate(bytes.length) : allocator.allocateGrowing();

        for (int from = 0; from < bytes.length; from += 1000) {
            int n = Math.min(1000, bytes.length - from);
            writer.append(ByteBuffer.wrap(bytes, from, n));
            long written = writer.written();
            assertThat(written).isEqualTo(from + n);
            List<ByteBuffer> views = writer.slices(0, written);
            assertThat(Content.concat(views)).isEqualTo(Arrays.copyOf(bytes, (int) written));
            assertThat(views).allMatch(ByteBuffer::isDirect).allMatch(ByteBuffer::isReadOnly);
            assertThat(Content.concat(writer.slices(from, written))).isEqualTo(Arrays.copyOfRange(bytes, from, from + n));
            long end = written;
            assertThatThrownBy(() -> writer.slices(0, end + 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
        assertThat(writer.slices(PAGE - 1, PAGE + 1)).hasSize(2);
        writer.complete().release();
    }

    @Test
    void anAbortedFill_staysReadableForAReaderThatRetainedIt_untilThatReaderReleases() {
        BodyWriter writer = allocator.allocateGrowing();
        byte[] bytes = Content.random(2 * PAGE, 6);
        Content.write(writer, bytes, 1000);
        assertThat(writer.retain()).isTrue();

        writer.abort();

        assertThat(writer.refCnt()).isEqualTo(1);
        assertThat(Content.concat(writer.slices(0, bytes.length))).isEqualTo(bytes);
        assertThat(allocator.stats().allocatedBytes()).isEqualTo(2 * PAGE);
        writer.release();
        assertThat(allocator.stats().allocatedBytes()).isZero();
        assertThat(writer.retain()).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> writer.slices(0, 1));
    }

    @Test
    void complete_handsTheWritersReferenceToTheBody() {
        BodyWriter writer = allocator.allocate(2 * PAGE);
        Content.write(writer, new byte[2 * PAGE], PAGE);
        assertThat(writer.retain()).as("a reader following the fill").isTrue();

        OffHeapBody body = writer.complete();

        assertThat(body.refCnt()).isEqualTo(2);
        body.release();
        assertThat(allocator.stats().allocatedBytes()).as("the reader still holds it").isEqualTo(2 * PAGE);
        writer.release();
        assertThat(allocator.stats().allocatedBytes()).isZero();
        assertThat(body.retain()).isFalse();
    }
}
