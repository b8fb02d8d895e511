package dev.geocdn.simulator;

import java.util.stream.Stream;

/**
 * A workload: a sequence of {@link Request}s in replay order, which can be read more than once.
 *
 * <p>Sources stream their requests rather than hold them ({@link ZipfTrace} computes them from the
 * seed, {@link TraceFile} and {@link AccessLog} read the file again on each call), so a trace costs
 * memory only when the simulator compacts it ({@link CompactTrace}: about 16 bytes per request).
 * Textual keys become 64-bit ids as they are read ({@link Keys#id}).
 */
public interface Trace {

    /** A one-line description for reports, e.g. {@code zipf alpha=0.9 objects=100000 ...}. */
    String description();

    /**
     * The requests, in order. The stream may hold a file open: close it (try-with-resources).
     *
     * @throws TraceFormatException from the stream's operations when a line is malformed
     * @throws java.io.UncheckedIOException from the stream's operations when reading fails
     */
    Stream<Request> requests();

    /** The number of requests when known in advance, else -1. */
    default long sizeHint() {
        return -1;
    }
}
