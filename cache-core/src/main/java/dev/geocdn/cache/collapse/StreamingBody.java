package dev.geocdn.cache.collapse;

import dev.geocdn.cache.store.BlockBody;
import dev.geocdn.cache.memory.BodyWriter;
import dev.geocdn.cache.store.Body;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A body being filled from the origin that any number of readers follow while it grows, so
 * that large objects stream to every waiting client during the fill and a range request can be
 * answered as soon as its bytes arrive.
 *
 * <p>Concurrency: one writer appends; readers are notified after each append and read the
 * bytes between their position and {@link #available()}. Bytes below {@code available} never
 * change, so readers take views of them without locks or copies. When the length is known in
 * advance the body is one array of that length; otherwise it grows in blocks.
 *
 * <p>Readers get the last bytes of a body of known length only once it has ended (and the fill
 * has stored it, see {@link #complete(Runnable)}): a client knows the response is over when it
 * has that many bytes, and must find it stored if it asks again.
 */
public final class StreamingBody {

    /** Block size when the length is not known in advance. */
    static final int BLOCK_BYTES = 64 * 1024;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Receives progress of the fill. Called on the writer's thread; must not block. */
    public interface Listener {
        /** More bytes are available. */
        void onData();

        /** The body is complete, or failed ({@code error} not null). */
        void onEnd(Throwable error);
    }

    private final long expectedLength;
    private final boolean singleBlock;
    private final List<byte[]> blocks = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Off-heap memory of the body, or null when it lives in heap blocks. */
    private final BodyWriter writer;
    private Body completed;
    /** Bytes appended so far (the writer's count). */
    private volatile long written;
    /** Bytes readers may read: all that was written, but the end of a known length before the end. */
    private volatile long available;
    /** Whether the writer ended it; readers learn it with {@link #ended}, after {@code beforeReaders}. */
    private volatile boolean finished;
    private volatile Throwable failure;
    private volatile boolean ended;
    private volatile Throwable error;

    /** @param expectedLength the Content-Length, or negative when unknown */
    public StreamingBody(long expectedLength) {
        this.writer = null;
        this.expectedLength = expectedLength;
        this.singleBlock = expectedLength >= 0 && expectedLength <= Integer.MAX_VALUE - 8;
        if (singleBlock) {
            blocks.add(new byte[(int) expectedLength]);
        }
    }

    /**
     * A body filled into off-heap memory from a {@link dev.geocdn.cache.memory.SlabAllocator}.
     * This body owns the writer's first reference: it passes it to the completed body, or gives
     * it up if the fill fails.
     */
    public StreamingBody(BodyWriter writer) {
        this.writer = writer;
        this.expectedLength = writer.expectedLength();
        this.singleBlock = false;
    }

    /**
     * Takes a reference on the memory, for a reader that hands views of it to a socket; false when
     * it was already freed. Heap bodies need none and always answer true.
     */
    public boolean retainMemory() {
        return writer == null || writer.retain();
    }

    /** Gives back a reference taken with {@link #retainMemory()}. */
    public void releaseMemory() {
        if (writer != null) {
            writer.release();
        }
    }

    /** The length announced by the origin, or negative when unknown. */
    public long expectedLength() {
        return expectedLength;
    }

    /** Appends (copies) the readable bytes of {@code data}. Only the single writer calls this. */
    public void append(ByteBuffer data) {
        synchronized (this) {
            if (writer != null) {
                if (!writer.append(data)) {
                    throw new IllegalStateException("no off-heap memory left for the body");
                }
                written = writer.written();
                data = EMPTY;
            }
            while (data.hasRemaining()) {
                long position = written;
                if (expectedLength >= 0 && position + data.remaining() > expectedLength) {
                    throw new IllegalStateException("body longer than its Content-Length " + expectedLength);
                }
                byte[] block = blockFor(position);
                int offset = (int) (position - blockStart(position));
                int n = Math.min(data.remaining(), block.length - offset);
                data.get(block, offset, n);
                written = position + n;
            }
            if (written != expectedLength) {
                available = written; // the last bytes of a known length wait for the end
            }
        }
        for (Listener listener : listeners) {
            listener.onData();
        }
    }

    /** Marks the body complete. */
    public void complete() {
        complete(null);
    }

    /**
     * Marks the body complete and runs {@code beforeReaders} (when it completed, not when it
     * failed) before readers learn that it ended: a fill stores the body there, so a client that
     * has read the last byte and asks again finds it stored rather than still in flight.
     */
    public void complete(Runnable beforeReaders) {
        if (expectedLength >= 0 && written != expectedLength) {
            fail(new IllegalStateException("body ended at " + written + " of " + expectedLength + " bytes"));
            return;
        }
        end(null, beforeReaders);
    }

    /** Marks the fill failed; readers see the error once they have read what arrived. */
    public void fail(Throwable cause) {
        end(cause, null);
    }

    private void end(Throwable cause, Runnable beforeReaders) {
        synchronized (this) {
            if (finished) {
                return;
            }
            failure = cause;
            if (writer != null) {
                if (cause == null) {
                    completed = writer.complete();
                } else {
                    writer.abort();
                }
            }
            finished = true;
        }
        if (cause == null && beforeReaders != null) {
            beforeReaders.run();
        }
        synchronized (this) {
            error = cause;
            available = written;
            ended = true;
        }
        for (Listener listener : listeners) {
            listener.onEnd(cause);
        }
    }

    /** Bytes readers may read so far. */
    public long available() {
        return available;
    }

    /** Bytes the writer appended so far: what the body holds, for the writer's own decisions. */
    public long written() {
        return written;
    }

    /** Whether the fill has ended, successfully or not. */
    public boolean isEnded() {
        return ended;
    }

    /** The failure, or null. */
    public Throwable error() {
        return error;
    }

    /**
     * Registers {@code listener}. If the body already ended it is told at once; in any case the
     * caller should read what is already available after registering.
     */
    public void addListener(Listener listener) {
        listeners.add(listener);
        if (ended) {
            listener.onEnd(error);
        }
    }

    /** Unregisters {@code listener}, e.g. when its client went away. */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Read-only views of {@code [from, to)}, which must be available; shares memory with the body.
     */
    public List<ByteBuffer> slices(long from, long to) {
        if (from < 0 || to > available || from > to) {
            throw new IndexOutOfBoundsException(from + ".." + to + " of " + available);
        }
        if (writer != null) {
            return writer.slices(from, to);
        }
        List<ByteBuffer> result = new ArrayList<>(2);
        long position = from;
        while (position < to) {
            byte[] block = blockFor(position);
            long start = blockStart(position);
            int offset = (int) (position - start);
            int n = (int) Math.min(to - position, block.length - offset);
            result.add(ByteBuffer.wrap(block, offset, n).slice().asReadOnlyBuffer());
            position += n;
        }
        return result;
    }

    /**
     * The complete body for storing; only after a successful end. An off-heap body comes with
     * one reference, which the caller owns and releases once it has stored the body.
     */
    public Body toBody() {
        if (!finished || failure != null) {
            throw new IllegalStateException("body is not complete");
        }
        if (writer != null) {
            return completed;
        }
        if (singleBlock || blocks.isEmpty()) {
            return new BlockBody(blocks, written);
        }
        // trim the last, partly used block so that the stored weight is the memory held
        List<byte[]> trimmed = new ArrayList<>(blocks);
        int used = (int) (written - (long) (trimmed.size() - 1) * BLOCK_BYTES);
        trimmed.set(trimmed.size() - 1, java.util.Arrays.copyOf(trimmed.get(trimmed.size() - 1), used));
        return new BlockBody(trimmed, written);
    }

    private byte[] blockFor(long position) {
        if (singleBlock) {
            return blocks.get(0);
        }
        int index = (int) (position / BLOCK_BYTES);
        while (blocks.size() <= index) {
            blocks.add(new byte[BLOCK_BYTES]);
        }
        return blocks.get(index);
    }

    private long blockStart(long position) {
        if (singleBlock) {
            return 0;
        }
        return (position / BLOCK_BYTES) * BLOCK_BYTES;
    }
}
