package dev.geocdn.simulator;

import java.util.Arrays;

/** An open-addressing map from long ids to dense non-negative ints, without boxing (interns object ids). */
final class LongIntMap {

    private long[] keys;
    private int[] values; // value + 1; 0 marks an empty slot
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected * 2L)) - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    /** The value of {@code key}, or {@code ifAbsent} after associating it with {@code key}. */
    int getOrPut(long key, int ifAbsent) {
        int i = (int) Keys.mix64(key) & mask;
        while (true) {
            int v = values[i];
            if (v == 0) {
                keys[i] = key;
                values[i] = ifAbsent + 1;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return ifAbsent;
            }
            if (keys[i] == key) {
                return v - 1;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != 0) {
                int i = (int) Keys.mix64(oldKeys[j]) & mask;
                while (values[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
        Arrays.fill(oldValues, 0);
    }
}
