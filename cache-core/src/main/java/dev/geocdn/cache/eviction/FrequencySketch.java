package dev.geocdn.cache.eviction;

/**
 * How often each key was asked for lately, estimated in a count-min sketch: four rows of small
 * counters (capped at 15, as in TinyLFU), each key counted in one counter of each row and
 * estimated by the smallest. Every {@code 10 x width} increments all counters are halved, so
 * the estimate follows recent popularity and a key popular once fades. The same kind of sketch
 * W-TinyLFU admits by (Caffeine's own is not exposed); GeoCDN asks it which objects are popular
 * enough to copy to other regions ahead of their clients.
 *
 * <p>Thread-safety: counters are updated without locks. Racing increments may be lost and a
 * reset may race an increment; the estimate stays an estimate, never an error, which is all its
 * callers need. Memory: {@code 4 x width} bytes.
 *
 * [1] Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", 2017.
 */
public final class FrequencySketch {

    /** Counters saturate here: the estimate says "at least 15" beyond. */
    public static final int MAX = 15;
    private static final int ROWS = 4;
    private static final long[] SEEDS = {0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L,
            0xD6E8FEB86659FD93L};

    private final byte[][] rows = new byte[ROWS][];
    private final int mask;
    private final int sampleSize;
    private int additions;

    /** @param expectedKeys about how many keys matter at once: the width is the next power of two */
    public FrequencySketch(int expectedKeys) {
        if (expectedKeys < 1) {
            throw new IllegalArgumentException("expectedKeys must be positive: " + expectedKeys);
        }
        int width = Integer.highestOneBit(Math.max(16, expectedKeys - 1) << 1);
        for (int i = 0; i < ROWS; i++) {
            rows[i] = new byte[width];
        }
        this.mask = width - 1;
        this.sampleSize = 10 * width;
    }

    /** Counts one request for the key of {@code hash} and answers the new estimate. */
    public int increment(long hash) {
        int estimate = frequency(hash);
        if (estimate < MAX) {
            // conservative update: only the counters at the minimum grow, which keeps collisions from inflating others
            for (int i = 0; i < ROWS; i++) {
                int at = index(hash, i);
                if (rows[i][at] == estimate) {
                    rows[i][at] = (byte) (estimate + 1);
                }
            }
            estimate++;
        }
        if (++additions >= sampleSize) {
            halve();
        }
        return estimate;
    }

    /** The estimated count of the key of {@code hash} (0 to {@link #MAX}). */
    public int frequency(long hash) {
        int min = MAX;
        for (int i = 0; i < ROWS; i++) {
            min = Math.min(min, rows[i][index(hash, i)]);
        }
        return min;
    }

    private int index(long hash, int row) {
        long h = (hash ^ SEEDS[row]) * SEEDS[(row + 1) & 3];
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void halve() {
        additions = 0;
        for (byte[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (byte) (row[i] >> 1);
            }
        }
    }
}
