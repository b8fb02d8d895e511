package dev.geocdn.protocol.hlc;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014): times
 * that follow the wall clock closely but never go backwards and always order cause before
 * effect across services. The invalidation service stamps each purge with one; a node that
 * receives the purge advances its own clock past it, so every fill it starts afterwards carries
 * a later time than the purge, whatever the two machines' wall clocks say. That is what lets a
 * tombstone tell "began before the purge" from "began after" without trusting clock sync.
 *
 * <p>A time is one {@code long}: the wall-clock milliseconds in the high 48 bits and a logical
 * counter in the low 16 (see {@link HlcTime}), so times compare as plain numbers, travel as
 * JSON numbers and fit a primitive field. When the counter would overflow within one
 * millisecond the clock borrows the next millisecond, as CockroachDB's does.
 *
 * <p>A remote time more than {@code maxOffset} ahead of the local wall clock is refused
 * ({@link ClockOffsetException}) instead of being adopted: one machine with a clock set to next
 * year must not drag every clock it talks to into next year.
 *
 * <p>Thread-safe; {@link #now()} and {@link #update(long)} are short synchronized sections.
 */
public final class HybridLogicalClock {

    private final LongSupplier wallMillis;
    private final long maxOffsetMillis;
    private long last;

    /** A clock on the system wall clock, refusing remote times more than {@code maxOffset} ahead. */
    public HybridLogicalClock(Duration maxOffset) {
        this(System::currentTimeMillis, maxOffset);
    }

    public HybridLogicalClock(LongSupplier wallMillis, Duration maxOffset) {
        if (maxOffset.isNegative() || maxOffset.isZero()) {
            throw new IllegalArgumentException("maxOffset must be positive: " + maxOffset);
        }
        this.wallMillis = wallMillis;
        this.maxOffsetMillis = maxOffset.toMillis();
    }

    /** A time for a local or send event, later than every time this clock gave or received. */
    public synchronized long now() {
        long wall = wallMillis.getAsLong();
        last = Math.max(HlcTime.of(wall, 0), last + 1);
        return last;
    }

    /**
     * Takes in a time received from another service (a receive event) and returns a local time
     * later than both it and every earlier local time.
     *
     * @throws ClockOffsetException when {@code remote} is more than the maximum offset ahead of
     *                              this machine's wall clock; the clock is left unchanged
     */
    public synchronized long update(long remote) {
        long wall = wallMillis.getAsLong();
        if (HlcTime.physicalMillis(remote) - wall > maxOffsetMillis) {
            throw new ClockOffsetException(remote, wall, maxOffsetMillis);
        }
        last = Math.max(HlcTime.of(wall, 0), Math.max(last, remote) + 1);
        return last;
    }

    /** The last time given or received, without advancing the clock. */
    public synchronized long last() {
        return last;
    }

    /** A remote time too far ahead of the local wall clock to be believed. */
    public static final class ClockOffsetException extends IllegalArgumentException {
        ClockOffsetException(long remote, long wall, long maxOffsetMillis) {
            super("remote time " + HlcTime.format(remote) + " is " + (HlcTime.physicalMillis(remote) - wall)
                    + " ms ahead of the local clock (at most " + maxOffsetMillis + " ms is believed)");
        }
    }
}
