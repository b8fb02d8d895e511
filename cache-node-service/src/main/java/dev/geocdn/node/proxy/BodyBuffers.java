package dev.geocdn.node.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.WrappedByteBuf;

import java.nio.ByteBuffer;

/**
 * Netty buffers over the cache's own memory. A view of pooled (off-heap) memory holds a
 * reference on it until Netty releases the buffer, which it does only after the bytes are on
 * the socket or the write failed: the pages cannot be reused for another body while a client
 * is still being sent them.
 */
final class BodyBuffers {

    private BodyBuffers() {
    }

    /** A buffer over {@code view} that calls {@code onFree} once Netty is done with it. */
    static ByteBuf holding(ByteBuffer view, Runnable onFree) {
        return new WrappedByteBuf(Unpooled.wrappedBuffer(view)) {
            @Override
            public boolean release() {
                return freed(super.release());
            }

            @Override
            public boolean release(int decrement) {
                return freed(super.release(decrement));
            }

            private boolean freed(boolean deallocated) {
                if (deallocated) {
                    onFree.run();
                }
                return deallocated;
            }
        };
    }
}
