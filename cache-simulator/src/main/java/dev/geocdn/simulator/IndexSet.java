package dev.geocdn.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of ints in [0, capacity) with add, remove, contains and floor (largest member &le; i) in
 * O(log<sub>64</sub> capacity): a bitmap with a summary bitmap per level (bit j of level l+1 says whether
 * word j of level l is non-zero). Belady keeps its cached objects here keyed by their next-access index:
 * the largest member is the object needed furthest in the future.
 */
final class IndexSet {

    private final long[][] levels;
    private final int capacity;

    IndexSet(int capacity) {
        this.capacity = capacity;
        List<long[]> built = new ArrayList<>();
        int n = Math.max(1, capacity);
        do {
            int words = (n + 63) >>> 6;
            built.add(new long[words]);
            n = words;
        } while (n > 1);
        levels = built.toArray(new long[0][]);
    }

    boolean contains(int i) {
        return (levels[0][i >>> 6] & (1L << i)) != 0;
    }

    void add(int i) {
        for (long[] level : levels) {
            int w = i >>> 6;
            boolean wasEmpty = level[w] == 0;
            level[w] |= 1L << i;
            if (!wasEmpty) {
                return;
            }
            i = w;
        }
    }

    void remove(int i) {
        for (long[] level : levels) {
            int w = i >>> 6;
            level[w] &= ~(1L << i);
            if (level[w] != 0) {
                return;
            }
            i = w;
        }
    }

    /** The largest member &le; {@code i}, or -1 when there is none. */
    int floor(int i) {
        if (i >= capacity) {
            i = capacity - 1;
        }
        int l = 0;
        while (true) {
            if (i < 0) {
                return -1;
            }
            int w = i >>> 6;
            long bits = levels[l][w] & (-1L >>> (63 - (i & 63)));
            if (bits != 0) {
                i = (w << 6) + 63 - Long.numberOfLeadingZeros(bits);
                break;
            }
            if (++l == levels.length) {
                return -1;
            }
            i = w - 1;
        }
        while (l > 0) {
            l--;
            i = (i << 6) + 63 - Long.numberOfLeadingZeros(levels[l][i]);
        }
        return i;
    }

    /** The largest member, or -1 when empty. */
    int last() {
        return floor(capacity - 1);
    }
}
