package dev.geocdn.cache.memory;

import java.nio.ByteBuffer;

/**
 * Where the {@link SlabAllocator} gets its slabs from: the one place that knows how memory
 * outside the heap is obtained and given back, so that the rest of the allocator only sees
 * {@link ByteBuffer}s and never changes when the source does.
 *
 * <p>Today the source is {@link DirectBufferSlabs}, because cache-core is compiled for Java 21,
 * where {@code java.lang.foreign} is still a preview API. Once the build targets Java 22 or
 * newer, the intended source is one {@code Arena.ofShared()} owned by the allocator:
 * {@code reserve} is {@code arena.allocate(bytes, 64).asByteBuffer()} and {@code close} is
 * {@code arena.close()}, which returns every slab to the operating system at once.
 *
 * <p>Called only under the allocator's page lock, so implementations need no locking of their
 * own.
 */
interface SlabSource {

    /**
     * A new writable buffer of exactly {@code bytes}, positioned at zero; it is used only
     * through absolute operations.
     *
     * @throws OutOfMemoryError when the platform refuses the memory; the allocator then stops
     *     asking and treats its capacity as reached
     */
    ByteBuffer reserve(int bytes);

    /** Gives every slab back; buffers obtained from this source must not be used afterwards. */
    void close();
}
