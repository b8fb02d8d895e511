package dev.geocdn.node.proxy;

import dev.geocdn.cache.collapse.StreamingBody;
import dev.geocdn.cache.memory.BodyWriter;
import dev.geocdn.cache.memory.SlabAllocator;
import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;

/**
 * Where a fill's body goes while it arrives: off the heap, in the slab allocator, when its
 * length is known and the allocator has room; otherwise on the heap (a body of unknown length
 * may grow past any reservation).
 */
final class FillBodies {

    /** Off-heap memory for bodies, or null to keep every body on the heap. */
    private final SlabAllocator allocator;

    FillBodies(SlabAllocator allocator) {
        this.allocator = allocator;
    }

    /** Appends what {@code buf} holds to {@code body}, by views of its memory (the body copies them in). */
    static void append(StreamingBody body, ByteBuf buf) {
        for (ByteBuffer part : buf.nioBuffers()) {
            body.append(part);
        }
    }

    /** A body to fill with {@code contentLength} bytes (negative when unknown). */
    StreamingBody newBody(long contentLength) {
        if (allocator != null && contentLength >= 0) {
            BodyWriter writer = allocator.allocate(contentLength);
            if (writer != null) {
                return new StreamingBody(writer);
            }
        }
        return new StreamingBody(contentLength);
    }
}
