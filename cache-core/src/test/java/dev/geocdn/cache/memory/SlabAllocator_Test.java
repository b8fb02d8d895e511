package dev.geocdn.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.geocdn.cache.store.Body;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("SlabAllocator: pages and size classes in slabs, up to a hard capacity")
class SlabAllocator_Test {

    private static final int PAGE = 4096;
    private static final int SLAB = 4 * PAGE;

    private final List<SlabAllocator> allocators = new ArrayList<>();

    @AfterEach
    void closeAllocators() {
        allocators.forEach(SlabAllocator::close);
    }

    private SlabAllocator allocator(long capacity, int slab, int page) {
        SlabAllocator allocator = new SlabAllocator(capacity, slab, page);
        allocators.add(allocator);
        return allocator;
    }

    private SlabAllocator small(long capacity) {
        return allocator(capacity, SLAB, PAGE);
    }

    /** With the default 64 KiB pages: size classes from 256 bytes to 32 KiB, then whole pages. */
    @ParameterizedTest(name = "{0} bytes hold {1}")
    @CsvSource({
        "0,      0",
        "1,      256",
        "255,    256",
        "256,    256",
        "257,    512",
        "1000,   1024",
        "4096,   4096",
        "4097,   8192",
        "32767,  32768",
        "32768,  32768",
        "32769,  65536",
        "65535,  65536",
        "65536,  65536",
        "65537,  131072",
        "200000, 262144",
    })
    void aBody_holdsItsSizeClassOrWholePages(long length, long allocated) {
        SlabAllocator allocator = allocator(1 << 20, SlabAllocator.DEFAULT_SLAB_BYTES / 4, SlabAllocator.DEFAULT_PAGE_BYTES);

        BodyWriter writer = allocator.allocate(length);

        assertThat(allocator.roundedSize(length)).isEqualTo(allocated);
        assertThat(writer.allocatedBytes()).isEqualTo(allocated);
        assertThat(allocator.stats().allocatedBytes()).isEqualTo(allocated);
        assertThat(allocator.stats().requestedBytes()).isEqualTo(length);
        writer.abort();
        assertThat(allocator.stats().allocatedBytes()).isZero();
        assertThat(allocator.stats().requestedBytes()).isZero();
    }

    @ParameterizedTest(name = "pages of {0} bytes: size classes {1}")
    @CsvSource({
        "512,   256",
        "4096,  256 512 1024 2048",
        "65536, 256 512 1024 2048 4096 8192 16384 32768",
    })
    void sizeClasses_runFrom256BytesToHalfAPage(int page, String classes) {
        SlabAllocator allocator = allocator(page * 4L, page * 4, page);

        assertThat(allocator.stats().freeBlocks().keySet())
                .containsExactly(java.util.Arrays.stream(classes.split(" ")).map(Integer::valueOf).toArray(Integer[]::new));
    }

    @Test
    void blocksOfOneClass_shareASplitPage_thatGoesBackToThePagesWhenAllItsBlocksAreFree() {
        SlabAllocator allocator = small(SLAB);
        List<OffHeapBody> bodies = new ArrayList<>();
        for (int i = 0; i < PAGE / 256; i++) {
            bodies.add(body(allocator, 200));
        }
        assertThat(allocator.stats().splitPages()).isEqualTo(1);
        assertThat(allocator.stats().freeBlocks().get(256)).isZero();
        assertThat(allocator.stats().freePages()).isEqualTo(3);

        bodies.add(body(allocator, 1));
        assertThat(allocator.stats().splitPages()).isEqualTo(2);
        assertThat(allocator.stats().freeBlocks().get(256)).isEqualTo(PAGE / 256 - 1);

        bodies.forEach(OffHeapBody::release);
        AllocatorStats stats = allocator.stats();
        assertThat(stats.splitPages()).isZero();
        assertThat(stats.freeBlocks().values()).containsOnly(0);
        assertThat(stats.freePages()).isEqualTo(4);
        assertThat(stats.allocatedBytes()).isZero();
    }

    @Test
    void aFreedBlock_isReusedBeforeAnotherPageIsSplit() {
        SlabAllocator allocator = small(SLAB);
        OffHeapBody first = body(allocator, 300);
        OffHeapBody second = body(allocator, 300);
        first.release();

        OffHeapBody third = body(allocator, 400);

        assertThat(allocator.stats().splitPages()).isEqualTo(1);
        assertThat(allocator.stats().freeBlocks().get(512)).isEqualTo(PAGE / 512 - 2);
        second.release();
        third.release();
    }

    @ParameterizedTest(name = "a body of {0} bytes")
    @CsvSource({"1", "300", "2048", "2049", "4096", "12288", "16384"})
    void freedMemory_isReused_withoutReservingAnotherSlab(int length) {
        SlabAllocator allocator = small(8 * SLAB);
        body(allocator, length).release();
        long reserved = allocator.stats().reservedBytes();

        for (int i = 0; i < 1000; i++) {
            body(allocator, length).release();
        }

        AllocatorStats stats = allocator.stats();
        assertThat(stats.slabs()).isEqualTo(1);
        assertThat(stats.reservedBytes()).isEqualTo(reserved).isEqualTo(SLAB);
        assertThat(stats.allocatedBytes()).isZero();
    }

    @ParameterizedTest(name = "capacity {0}: {1} pages in {2} slabs")
    @CsvSource({
        "0,      0,  0",
        "4095,   0,  0",
        "4096,   1,  1",
        "40960,  10, 3",
        "45000,  10, 3",
        "65536,  16, 4",
    })
    void capacity_isNeverExceeded_andAllocationPastItReturnsNothing(long capacity, int pages, int slabs) {
        SlabAllocator allocator = small(capacity);
        List<OffHeapBody> bodies = new ArrayList<>();
        BodyWriter writer;
        while ((writer = allocator.allocate(PAGE)) != null) {
            Content.write(writer, new byte[PAGE], PAGE);
            bodies.add(writer.complete());
            assertThat(allocator.stats().reservedBytes()).isLessThanOrEqualTo(capacity);
        }

        assertThat(bodies).hasSize(pages);
        AllocatorStats stats = allocator.stats();
        assertThat(stats.reservedBytes()).isEqualTo((long) pages * PAGE);
        assertThat(stats.slabs()).isEqualTo(slabs);
        assertThat(stats.allocatedBytes()).isEqualTo((long) pages * PAGE);
        assertThat(allocator.allocate(1)).as("no page left to split").isNull();
        assertThat(allocator.allocate(capacity + 1)).isNull();
        assertThat(allocator.allocate(Long.MAX_VALUE)).isNull();
        assertThat(allocator.allocate(0)).as("an empty body needs no memory").isNotNull();
        bodies.forEach(OffHeapBody::release);
    }

    @Test
    void aBodyThatDoesNotFit_reservesNothing() {
        SlabAllocator allocator = small(10 * PAGE);
        OffHeapBody held = body(allocator, 4 * PAGE);

        assertThat(allocator.allocate(7 * PAGE)).isNull();

        assertThat(allocator.stats().reservedBytes()).isEqualTo(SLAB);
        assertThat(allocator.allocate(6 * PAGE)).isNotNull();
        assertThat(allocator.stats().reservedBytes()).isEqualTo(10 * PAGE);
        held.release();
    }

    @Test
    void aSlabThePlatformRefuses_meansNoRoom_andIsNotAskedForAgain() {
        AtomicInteger asked = new AtomicInteger();
        SlabSource oneSlabOnly = new SlabSource() {
            @Override
            public ByteBuffer reserve(int bytes) {
                if (asked.incrementAndGet() > 1) {
                    throw new OutOfMemoryError("Cannot reserve " + bytes + " bytes of direct buffer memory");
                }
                return ByteBuffer.allocateDirect(bytes);
            }

            @Override
            public void close() {
            }
        };
        SlabAllocator allocator = new SlabAllocator(10 * SLAB, SLAB, PAGE, oneSlabOnly);
        allocators.add(allocator);
        OffHeapBody first = body(allocator, SLAB);

        assertThat(allocator.allocate(PAGE)).isNull();
        assertThat(allocator.allocate(PAGE)).isNull();
        assertThat(allocator.allocate(10)).isNull();

        assertThat(asked).hasValue(2);
        assertThat(allocator.stats().reservationRefused()).isTrue();
        assertThat(allocator.stats().reservedBytes()).isEqualTo(SLAB);
        first.release();
        assertThat(allocator.allocate(PAGE)).as("freed pages still serve").isNotNull();
        assertThat(asked).hasValue(2);
    }

    @Test
    void close_givesEverythingBack_andLeavesLiveBodiesUnreadable() {
        SlabAllocator allocator = small(4 * SLAB);
        OffHeapBody small = body(allocator, 100);
        OffHeapBody large = body(allocator, 3 * PAGE);
        BodyWriter filling = allocator.allocateGrowing();
        Content.write(filling, new byte[5000], 1000);

        allocator.close();

        AllocatorStats stats = allocator.stats();
        assertThat(stats.reservedBytes()).isZero();
        assertThat(stats.slabs()).isZero();
        assertThat(stats.freePages()).isZero();
        assertThat(stats.splitPages()).isZero();
        assertThatIllegalStateException().isThrownBy(small::toByteArray);
        assertThatIllegalStateException().isThrownBy(large::toByteArray);
        assertThatIllegalStateException().isThrownBy(() -> filling.slices(0, 10));
        assertThatIllegalStateException().isThrownBy(() -> filling.append(ByteBuffer.wrap(new byte[10])));
        assertThatIllegalStateException().isThrownBy(() -> allocator.allocate(10));
        assertThatIllegalStateException().isThrownBy(allocator::allocateGrowing);

        small.release();
        large.release();
        filling.abort();
        assertThat(allocator.stats().allocatedBytes()).isZero();
        assertThat(allocator.stats().requestedBytes()).isZero();
        allocator.close();
    }

    @ParameterizedTest(name = "capacity {0}, slab {1}, page {2}")
    @CsvSource({
        "-1,      16384, 4096",
        "1048576, 16384, 3000",
        "1048576, 16384, 256",
        "1048576, 6000,  4096",
        "1048576, 2048,  4096",
    })
    void anImpossibleGeometry_isRejected(long capacity, int slab, int page) {
        assertThatIllegalArgumentException().isThrownBy(() -> new SlabAllocator(capacity, slab, page));
    }

    @Test
    void copyOf_copiesAHeapBodyOffTheHeap() {
        SlabAllocator allocator = small(SLAB);
        byte[] bytes = Content.random(5000, 7);

        OffHeapBody copy = allocator.copyOf(Body.of(bytes));

        assertThat(copy.toByteArray()).isEqualTo(bytes);
        assertThat(copy.allocatedBytes()).isEqualTo(2 * PAGE);
        assertThat(allocator.copyOf(Body.of(new byte[3 * PAGE]))).as("no room").isNull();
        assertThat(allocator.stats().allocatedBytes()).isEqualTo(2 * PAGE);
        copy.release();
    }

    @Test
    void heapBodies_retainAndRelease_asNoOps() {
        Body heap = Body.of("abc".getBytes());

        assertThat(heap.retain()).isTrue();
        heap.release();
        heap.release();
        assertThat(Body.EMPTY.retain()).isTrue();
        assertThat(heap.toByteArray()).containsExactly('a', 'b', 'c');
    }

    private static OffHeapBody body(SlabAllocator allocator, int length) {
        BodyWriter writer = allocator.allocate(length);
        assertThat(writer).as("room for %d bytes", length).isNotNull();
        Content.write(writer, Content.random(length, length), Math.max(1, length));
        return writer.complete();
    }
}
