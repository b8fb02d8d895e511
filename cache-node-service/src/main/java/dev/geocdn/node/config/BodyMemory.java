package dev.geocdn.node.config;

import dev.geocdn.cache.memory.SlabAllocator;

import java.lang.management.ManagementFactory;

/**
 * The node's off-heap body memory: a slab allocator sized from {@code cdn.cache.max-bytes},
 * or none when {@code cdn.cache.off-heap=false}.
 *
 * <p>The allocator's capacity is the byte bound plus headroom for fills in flight and for the
 * rounding of bodies to size classes. Its slabs are direct buffers, which the JVM limits with
 * {@code -XX:MaxDirectMemorySize} (by default the maximum heap); the node refuses to start when
 * that limit cannot hold the capacity, rather than failing later under load.
 *
 * @param allocator the allocator, or null when bodies stay on the heap
 */
public record BodyMemory(SlabAllocator allocator) implements AutoCloseable {

    /** Headroom above max-bytes: an eighth, at least 32 MB. */
    static long capacityFor(long maxBytes) {
        return maxBytes + Math.max(32L << 20, maxBytes / 8);
    }

    static BodyMemory of(NodeProperties.Cache cache) {
        if (!cache.offHeap()) {
            return new BodyMemory(null);
        }
        long capacity = capacityFor(cache.maxBytes().toBytes());
        long limit = maxDirectMemory();
        if (limit > 0 && limit < capacity + (64L << 20)) {
            long needed = (capacity >> 20) + 256;
            throw new InsufficientDirectMemoryException("cdn.cache.max-bytes=" + cache.maxBytes().toMegabytes() + "MB"
                    + " keeps bodies off the heap in " + (capacity >> 20) + " MB of direct memory, but the JVM allows "
                    + (limit >> 20) + " MB.", needed);
        }
        return new BodyMemory(new SlabAllocator(capacity));
    }

    /** The JVM's direct memory limit in bytes: the flag when set, else the maximum heap. */
    static long maxDirectMemory() {
        try {
            var diagnostics = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long flag = Long.parseLong(diagnostics.getVMOption("MaxDirectMemorySize").getValue());
            return flag > 0 ? flag : Runtime.getRuntime().maxMemory();
        } catch (RuntimeException unknown) {
            return -1; // not a HotSpot JVM: nothing to check against
        }
    }

    @Override
    public void close() {
        if (allocator != null) {
            allocator.close();
        }
    }
}
