package dev.geocdn.simulator;

/** Turns textual object keys (URLs, cache keys) into the long ids traces use internally. */
public final class Keys {

    private Keys() {
    }

    /**
     * The id of {@code key}: the number itself when the key is a long in canonical decimal form ({@code 42}, {@code -7};
     * not {@code 007}),
     * otherwise a 64-bit hash of its characters (FNV-1a, then the MurmurHash3 finalizer). Two different
     * keys share an id with probability about n&sup2;/2<sup>65</sup>: for ten million keys, about 3e-6.
     */
    public static long id(String key) {
        Long number = parseDecimalLong(key);
        if (number != null) {
            return number;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix64(h);
    }

    /** MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit over the output. */
    static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static Long parseDecimalLong(String s) {
        int n = s.length();
        if (n == 0 || n > 20) {
            return null;
        }
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == n) {
            return null;
        }
        for (int i = start; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            long value = Long.parseLong(s);
            return Long.toString(value).equals(s) ? value : null; // "007" and "-0" are names, not numbers
        } catch (NumberFormatException overflow) {
            return null;
        }
    }
}
