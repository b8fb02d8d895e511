package dev.geocdn.cache.store;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * A stored response body. Readers take read-only views of its memory, never copies, so that a
 * hit can be written to a socket straight from the store.
 *
 * <p>This is the seam where off-heap bodies plug in: an implementation may keep its bytes in
 * direct buffers or a foreign-memory arena, as long as the views stay valid while referenced.
 */
public interface Body {

    /** The length in bytes. */
    long length();

    /**
     * Calls {@code sink} with read-only views covering {@code [offset, offset + length)}, in
     * order; the views share memory with the body.
     */
    void forEachSlice(long offset, long length, Consumer<ByteBuffer> sink);

    /** An empty body. */
    Body EMPTY = new BlockBody(List.of(), 0);

    /** A body over {@code bytes}, which the caller must not modify afterwards. */
    static Body of(byte[] bytes) {
        return new BlockBody(List.of(bytes), bytes.length);
    }

    /** Copies the whole body into one array; for tests and small bodies only. */
    default byte[] toByteArray() {
        if (length() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("body too large for an array: " + length());
        }
        byte[] out = new byte[(int) length()];
        int[] pos = {0};
        forEachSlice(0, length(), slice -> {
            int n = slice.remaining();
            slice.get(out, pos[0], n);
            pos[0] += n;
        });
        return out;
    }
}
