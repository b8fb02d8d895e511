package dev.geocdn.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("OffHeapBody: bytes outside the heap, read through views, freed by reference counting")
class OffHeapBody_Test {

    private static final int PAGE = SlabAllocator.DEFAULT_PAGE_BYTES;

    private final SlabAllocator allocator = new SlabAllocator(64L << 20);

    @AfterEach
    void close() {
        allocator.close();
    }

    /**
     * Every length around the size classes and the page size, written in random chunks by a
     * writer of known length and by a growing one, reads back the same bytes, whole and in
     * random slices.
     */
    @ParameterizedTest(name = "{0} bytes, length known: {1}")
    @CsvSource({
        "0,       true",  "0,       false",
        "1,       true",  "1,       false",
        "255,     true",  "255,     false",
        "256,     true",  "256,     false",
        "257,     true",  "257,     false",
        "32768,   true",  "32768,   false",
        "32769,   true",  "32769,   false",
        "65535,   true",  "65535,   false",
        "65536,   true",  "65536,   false",
        "65537,   true",  "65537,   false",
        "196625,  true",  "196625,  false",
        "1048576, true",  "1048576, false",
    })
    void bytes_roundTrip(int length, boolean known) {
        Random random = new Random(length);
        byte[] bytes = Content.random(length, length);
        BodyWriter writer = known ? allocator.allocate(length) : allocator.allocateGrowing();
        for (int from = 0; from < length; ) {
            int n = Math.min(length - from, 1 + random.nextInt(3 * PAGE / 2));
            assertThat(writer.append(ByteBuffer.wrap(bytes, from, n))).isTrue();
            from += n;
        }

        OffHeapBody body = writer.complete();

        assertThat(body.length()).isEqualTo(length);
        assertThat(body.toByteArray()).isEqualTo(bytes);
        for (int i = 0; i < 50 && length > 0; i++) {
            int offset = random.nextInt(length);
            int n = random.nextInt(length - offset + 1);
            List<ByteBuffer> views = new ArrayList<>();
            body.forEachSlice(offset, n, views::add);
            assertThat(Content.concat(views)).isEqualTo(java.util.Arrays.copyOfRange(bytes, offset, offset + n));
        }
        body.release();
        assertThat(allocator.stats().allocatedBytes()).isZero();
    }

    @ParameterizedTest(name = "slice {0}+{1} of a 3-page body is {2} views")
    @CsvSource({
        "0,      196608, 3",
        "0,      65536,  1",
        "65535,  2,      2",
        "1,      196606, 3",
        "131072, 65536,  1",
        "196608, 0,      0",
    })
    void views_areDirectAndReadOnly_onePerPageTouched(long offset, long length, int count) {
        OffHeapBody body = allocator.copyOf(dev.geocdn.cache.store.Body.of(new byte[3 * PAGE]));
        List<ByteBuffer> views = new ArrayList<>();

        body.forEachSlice(offset, length, views::add);

        assertThat(views).hasSize(count).allMatch(ByteBuffer::isDirect).allMatch(ByteBuffer::isReadOnly);
        assertThat(views.stream().mapToLong(ByteBuffer::remaining).sum()).isEqualTo(length);
        if (count > 0) {
            assertThatThrownBy(() -> views.get(0).put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
        }
        body.release();
    }

    @ParameterizedTest(name = "slice {0}+{1} is out of bounds")
    @CsvSource({"-1, 1", "0, 1001", "1000, 1", "5, -1", "9223372036854775807, 1", "1, 9223372036854775807"})
    void slicesOutsideTheBody_areRejected(long offset, long length) {
        OffHeapBody body = allocator.copyOf(dev.geocdn.cache.store.Body.of(new byte[1000]));

        assertThatThrownBy(() -> body.forEachSlice(offset, length, view -> { }))
                .isInstanceOf(IndexOutOfBoundsException.class);
        body.release();
    }

    @Test
    void aNewBody_hasTheCreatorsReference() {
        OffHeapBody body = bodyOf(100);

        assertThat(body.refCnt()).isEqualTo(1);
        body.release();
        assertThat(body.refCnt()).isZero();
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"0", "100", "65536", "200000"})
    void theLastRelease_returnsTheMemory_exactlyOnce(int length) {
        OffHeapBody body = bodyOf(length);
        long allocated = allocator.stats().allocatedBytes();
        assertThat(body.retain()).isTrue();
        assertThat(body.retain()).isTrue();
        assertThat(body.refCnt()).isEqualTo(3);

        body.release();
        body.release();
        assertThat(allocator.stats().allocatedBytes()).isEqualTo(allocated);
        body.release();
        AllocatorStats freed = allocator.stats();

        assertThat(freed.allocatedBytes()).isZero();
        assertThat(freed.requestedBytes()).isZero();
        assertThatIllegalStateException().isThrownBy(body::release);
        assertThat(allocator.stats()).isEqualTo(freed);
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void retain_afterTheMemoryWasFreed_returnsFalse_andChangesNothing() {
        OffHeapBody body = bodyOf(5000);
        body.release();

        assertThat(body.retain()).isFalse();
        assertThat(body.refCnt()).isZero();
        assertThatIllegalStateException().isThrownBy(body::release);
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"0", "100", "200000"})
    void reading_afterTheMemoryWasFreed_throws(int length) {
        OffHeapBody body = bodyOf(length);
        body.release();
        bodyOf(length); // reuses the memory

        assertThatIllegalStateException().isThrownBy(body::toByteArray);
        assertThatIllegalStateException().isThrownBy(() -> body.forEachSlice(0, 0, view -> { }));
    }

    @Test
    void retainAndReleaseFromManyThreads_freeTheMemoryExactlyOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 50; round++) {
                OffHeapBody body = bodyOf(3 * PAGE);
                List<Future<Integer>> readers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    readers.add(threads.submit(() -> {
                        int reads = 0;
                        for (int i = 0; i < 2000; i++) {
                            if (!body.retain()) {
                                break;
                            }
                            assertThat(body.length()).isEqualTo(3L * PAGE);
                            body.forEachSlice(0, 10, view -> { });
                            body.release();
                            reads++;
                        }
                        return reads;
                    }));
                }
                body.release();
                for (Future<Integer> reader : readers) {
                    reader.get(30, TimeUnit.SECONDS);
                }

                AllocatorStats stats = allocator.stats();
                assertThat(body.refCnt()).isZero();
                assertThat(stats.allocatedBytes()).isZero();
                assertThat((long) stats.freePages() * PAGE).isEqualTo(stats.reservedBytes());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private OffHeapBody bodyOf(int length) {
        return allocator.copyOf(dev.geocdn.cache.store.Body.of(Content.random(length, length)));
    }
}
