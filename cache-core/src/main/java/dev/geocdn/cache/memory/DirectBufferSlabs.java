package dev.geocdn.cache.memory;

import java.nio.ByteBuffer;

/**
 * Slabs as direct {@link ByteBuffer}s, the memory Java 21 offers outside the heap without
 * preview APIs.
 *
 * <p>Two consequences for the node. The JVM counts these buffers against
 * {@code -XX:MaxDirectMemorySize} (by default the maximum heap size), so a node with a small
 * heap and a large off-heap cache must raise that limit above the allocator's capacity plus
 * what the network stack needs; when the limit is hit the JDK throws {@link OutOfMemoryError},
 * which the allocator treats as "no more slabs". And a direct buffer's memory is freed by the
 * garbage collector once nothing refers to it, not by {@link #close()}: after the allocator
 * closes, its slabs go back to the operating system at the next collection that finds them
 * unreachable (slabs are never freed before close, so this only matters at shutdown).
 */
final class DirectBufferSlabs implements SlabSource {

    @Override
    public ByteBuffer reserve(int bytes) {
        return ByteBuffer.allocateDirect(bytes);
    }

    @Override
    public void close() {
        // nothing to do: the page pool drops its references to the slabs
    }
}
