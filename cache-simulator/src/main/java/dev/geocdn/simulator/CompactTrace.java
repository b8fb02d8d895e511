package dev.geocdn.simulator;

import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * A trace held in memory for replay, compactly: per request a dense object number (int) and a size (long),
 * 12 bytes, plus 4 bytes for the next-access index that Belady needs. Object ids are interned to dense
 * numbers 0..objects-1 in order of first appearance; at most 2<sup>31</sup>-1 requests.
 *
 * <p>Sizes: a request whose size differs from the previous request of the same object is a new version of
 * the object: it cannot hit the cached copy (every replay counts it as a miss and stores the new size).
 * The catalogue counts each object once, at the largest size seen.
 */
public final class CompactTrace {

    private final String description;
    private final int length;
    private final int[] objects;
    private final long[] sizes;
    private final int objectCount;
    private final long catalogueBytes;
    private final long totalBytes;
    private volatile int[] next;

    private CompactTrace(String description, int length, int[] objects, long[] sizes, int objectCount,
                         long catalogueBytes, long totalBytes) {
        this.description = description;
        this.length = length;
        this.objects = objects;
        this.sizes = sizes;
        this.objectCount = objectCount;
        this.catalogueBytes = catalogueBytes;
        this.totalBytes = totalBytes;
    }

    /**
     * Reads {@code trace} once.
     *
     * @throws TraceFormatException when the source has a malformed line
     * @throws java.io.UncheckedIOException when reading the source fails
     * @throws UsageException when the trace has more than 2^31-1 requests
     */
    public static CompactTrace of(Trace trace) {
        long hint = trace.sizeHint();
        int capacity = (int) Math.max(1024, Math.min(hint < 0 ? 1 << 20 : hint, Integer.MAX_VALUE - 16));
        int[] objects = new int[capacity];
        long[] sizes = new long[capacity];
        long[] objectSizes = new long[1024];
        LongIntMap ids = new LongIntMap(1024);
        int n = 0;
        long totalBytes = 0;
        try (Stream<Request> requests = trace.requests()) {
            Iterator<Request> it = requests.iterator();
            while (it.hasNext()) {
                Request r = it.next();
                if (n == objects.length) {
                    if (n >= Integer.MAX_VALUE - 16) {
                        throw new UsageException("trace too long: the simulator replays at most "
                                + (Integer.MAX_VALUE - 16) + " requests");
                    }
                    int grown = (int) Math.min(Integer.MAX_VALUE - 16, n * 2L);
                    objects = Arrays.copyOf(objects, grown);
                    sizes = Arrays.copyOf(sizes, grown);
                }
                int object = ids.getOrPut(r.id(), ids.size());
                if (object == objectSizes.length) {
                    objectSizes = Arrays.copyOf(objectSizes, object * 2);
                }
                objectSizes[object] = Math.max(objectSizes[object], r.size());
                objects[n] = object;
                sizes[n] = r.size();
                totalBytes += r.size();
                n++;
            }
        }
        long catalogue = 0;
        for (int o = 0; o < ids.size(); o++) {
            catalogue += objectSizes[o];
        }
        return new CompactTrace(trace.description(), n, objects, sizes, ids.size(), catalogue, totalBytes);
    }

    public String description() {
        return description;
    }

    /** The number of requests. */
    public int length() {
        return length;
    }

    /** The number of distinct objects. */
    public int objectCount() {
        return objectCount;
    }

    /** The catalogue: the sum of the distinct objects' sizes (each at its largest). */
    public long catalogueBytes() {
        return catalogueBytes;
    }

    /** The sum of all requests' sizes. */
    public long totalBytes() {
        return totalBytes;
    }

    /** The dense object number of request {@code i}. */
    public int object(int i) {
        return objects[i];
    }

    /** The size of request {@code i}. */
    public long size(int i) {
        return sizes[i];
    }

    /**
     * For each request, the index of the next request that could hit the same copy (same object, same
     * size), or -1 when there is none. Computed once, by a reverse pass.
     */
    public int[] nextAccess() {
        int[] result = next;
        if (result == null) {
            synchronized (this) {
                result = next;
                if (result == null) {
                    result = new int[length];
                    int[] following = new int[objectCount];
                    Arrays.fill(following, -1);
                    for (int i = length - 1; i >= 0; i--) {
                        int o = objects[i];
                        int f = following[o];
                        result[i] = f >= 0 && sizes[f] == sizes[i] ? f : -1;
                        following[o] = i;
                    }
                    next = result;
                }
            }
        }
        return result;
    }

    /**
     * The best any cache can do, one that never forgets: every request that is not the first of its object
     * (or of a new size) hits. Returns {requests that can hit, bytes that can hit}.
     */
    public long[] reusable() {
        int[] nx = nextAccess();
        long hits = 0;
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            if (nx[i] >= 0) {
                hits++;
                bytes += sizes[nx[i]];
            }
        }
        return new long[] {hits, bytes};
    }
}
