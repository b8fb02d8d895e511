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

    /**
     * Takes a reference to the body's memory, to be given back with {@link #release()}, so that
     * the memory stays valid while views of it are in use (a socket write in progress, say).
     * Bodies outside the heap count references and free their memory when the last one goes;
     * heap bodies are kept alive by the garbage collector, so for them this does nothing.
     *
     * @return false, changing nothing, when the memory was already freed (the body was evicted
     *     and released meanwhile): the caller must not read it, and falls back
     */
    /**
     * The bytes this body holds in memory, which the store charges against its bound: its length
     * on the heap; rounded up to the allocator's page or block size off the heap.
     */
    default long allocatedBytes() {
        return length();
    }

    /** Whether the body's memory is pooled off the heap and must be held while it is written. */
    default boolean isPooled() {
        return false;
    }

    default boolean retain() {
        return true;
    }

    /** Gives back a reference taken with {@link #retain()}, or the creator's own; for heap bodies, nothing. */
    default void release() {
    }

    /** An empty body. */
    Body EMPTY = new BlockBody(List.of(), 0);

    /** A body over {@code bytes}, which the caller must not modify afterwards. */
    static Body of(byte[] bytes) {
        return new BlockBody(List.of(bytes), bytes.length);
    }

    /**
     * Copies {@code [offset, offset + length)} into {@code dst} at {@code dstOffset}, making no
     * object on the way: for serving small bodies by copy, which costs less than wrapping
     * their memory for a socket write.
     *
     * @return false, copying nothing usable, when the memory was already freed (evicted meanwhile)
     */
    default boolean copyTo(long offset, byte[] dst, int dstOffset, int length) {
        int[] at = {dstOffset};
        forEachSlice(offset, length, slice -> {
            int n = slice.remaining();
            slice.get(dst, at[0], n);
            at[0] += n;
        });
        return true;
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
