package dev.geocdn.node.tier;

import java.nio.charset.StandardCharsets;

/**
 * The tier's floor as kept in Redis: an HLC time written as twenty decimal digits, so that
 * Redis's Lua, whose numbers are doubles and cannot hold an HLC time exactly, compares two
 * floors as strings.
 */
final class TierFloor {

    private TierFloor() {
    }

    static byte[] format(long at) {
        return String.format("%020d", Math.max(0, at)).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The floor: {@code Long.MIN_VALUE} when none was set, {@code Long.MAX_VALUE} when the value
     * is not one this class wrote (so that nothing is served below a floor it cannot read).
     */
    static long parse(byte[] value) {
        if (value == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not ours to guess: nothing below it is served
        }
    }
}
