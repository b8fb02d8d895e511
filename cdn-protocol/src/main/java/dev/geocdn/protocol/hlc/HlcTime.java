package dev.geocdn.protocol.hlc;

import java.time.Instant;

/**
 * The parts of a hybrid logical clock time packed in a {@code long}: wall-clock milliseconds
 * since the epoch in the high 48 bits (enough until the year 10889), a logical counter in the
 * low 16. Times compare as numbers; {@link #format} gives the readable form used in APIs and
 * logs, {@code 2026-12-04T17:30:00.123Z/5}.
 */
public final class HlcTime {

    /** Bits of the logical counter. */
    public static final int LOGICAL_BITS = 16;
    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;

    private HlcTime() {
    }

    /** The time at {@code millis} with logical counter {@code logical} (which may carry into the millis). */
    public static long of(long millis, long logical) {
        if (millis < 0 || logical < 0) {
            throw new IllegalArgumentException("HLC parts must not be negative: " + millis + ", " + logical);
        }
        return (millis << LOGICAL_BITS) + logical;
    }

    public static long physicalMillis(long time) {
        return time >>> LOGICAL_BITS;
    }

    public static int logical(long time) {
        return (int) (time & LOGICAL_MASK);
    }

    /** The earliest time at the given instant: everything stamped before it compares lower. */
    public static long atInstant(Instant instant) {
        return of(instant.toEpochMilli(), 0);
    }

    /** {@code 2026-12-04T17:30:00.123Z/5}: the wall-clock part as an instant, then the counter. */
    public static String format(long time) {
        return Instant.ofEpochMilli(physicalMillis(time)) + "/" + logical(time);
    }

    /** Reads {@link #format}'s form back. */
    public static long parse(String text) {
        int slash = text.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an HLC time (instant/counter): " + text);
        }
        try {
            long logical = Long.parseLong(text.substring(slash + 1));
            if (logical > LOGICAL_MASK) {
                throw new IllegalArgumentException("HLC counter out of range: " + text);
            }
            return of(Instant.parse(text.substring(0, slash)).toEpochMilli(), logical);
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("not an HLC time (instant/counter): " + text, e);
        }
    }
}
