package dev.geocdn.simulator;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte quantities as users write them: {@code 1024}, {@code 16KiB}, {@code 64MB}, {@code 1.5GB}. Units are
 * powers of 1024 whether written KB or KiB (as the node's {@code cdn.cache.max-bytes} reads them):
 * B, K/KB/KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB, case-insensitive.
 */
public final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");

    private ByteSizes() {
    }

    /**
     * @throws UsageException when {@code text} is not a size
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException("not a byte size: '" + text + "' (examples: 1024, 16KiB, 64MB, 1.5GB)");
        }
        long unit = switch (m.group(2)) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            case "t", "tb", "tib" -> 1L << 40;
            default -> throw new UsageException("unknown unit '" + m.group(2) + "' in '" + text
                    + "' (use B, KB, MB, GB, TB; powers of 1024)");
        };
        double value = Double.parseDouble(m.group(1)) * unit;
        if (value >= 0x1p63) {
            throw new UsageException("byte size too large: '" + text + "'");
        }
        return Math.round(value);
    }

    /** {@code 1023 B}, {@code 16.0 KiB}, {@code 26.7 MiB}, {@code 2.61 GiB}: three significant digits. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int u = -1;
        while (value >= 1024 && u < units.length - 1) {
            value /= 1024;
            u++;
        }
        String digits = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits, value) + " " + units[u];
    }
}
