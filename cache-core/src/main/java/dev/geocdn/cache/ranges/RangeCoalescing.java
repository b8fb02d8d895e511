package dev.geocdn.cache.ranges;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges overlapping and adjacent ranges (RFC 9110 section 14.6 lets a server coalesce them,
 * "regardless of the order in which the corresponding range-spec appeared").
 *
 * <p>Coalescing defends against the overlapping-range abuse of RFC 9110 section 17.15, where
 * {@code bytes=0-,0-,0-,...} asks for the whole representation many times over. Client order is
 * kept when nothing merges, since RFC 9110 section 14.6 says parts SHOULD follow the order of the
 * request; once ranges merge that order no longer exists and the result is sorted.
 */
final class RangeCoalescing {

    private static final Comparator<ByteRange> BY_POSITION =
            Comparator.comparingLong(ByteRange::first).thenComparingLong(ByteRange::last);

    private RangeCoalescing() {
    }

    /**
     * {@code ranges} unchanged when no two overlap or touch, otherwise the merged ranges in
     * ascending order.
     */
    static List<ByteRange> coalesce(List<ByteRange> ranges) {
        if (ranges.size() < 2) {
            return ranges;
        }
        List<ByteRange> sorted = new ArrayList<>(ranges);
        sorted.sort(BY_POSITION);
        List<ByteRange> merged = new ArrayList<>(sorted.size());
        for (ByteRange range : sorted) {
            int lastIndex = merged.size() - 1;
            if (lastIndex >= 0 && merged.get(lastIndex).overlapsOrAdjoins(range)) {
                merged.set(lastIndex, merged.get(lastIndex).span(range));
            } else {
                merged.add(range);
            }
        }
        return merged.size() == ranges.size() ? ranges : merged;
    }
}
