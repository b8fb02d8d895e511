package dev.geocdn.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A cache size as the user gives it: a percentage of the trace's catalogue ({@code 1%}, {@code 0.5%}) or an
 * absolute size ({@code 64MB}, {@code 1GB}, {@code 1048576}; see {@link ByteSizes}).
 *
 * @param label    as written
 * @param fraction of the catalogue, when a percentage; otherwise NaN
 * @param bytes    absolute size, when not a percentage; otherwise -1
 */
public record CacheSize(String label, double fraction, long bytes) {

    /** Parses a comma-separated list, e.g. {@code 1%,10%} or {@code 64MB,1GB}. */
    public static List<CacheSize> parseList(String list) {
        List<CacheSize> sizes = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            sizes.add(parse(item));
        }
        return sizes;
    }

    /**
     * @throws UsageException when {@code text} is neither a percentage nor a byte size
     */
    public static CacheSize parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new UsageException("--cache-sizes: empty size in the list");
        }
        if (t.endsWith("%")) {
            double percent;
            try {
                percent = Double.parseDouble(t.substring(0, t.length() - 1).trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--cache-sizes: not a percentage: '" + text + "'");
            }
            if (!(percent > 0) || Double.isInfinite(percent)) {
                throw new UsageException("--cache-sizes: a percentage must be > 0: '" + text + "'");
            }
            return new CacheSize(t, percent / 100.0, -1);
        }
        try {
            return new CacheSize(t, Double.NaN, ByteSizes.parse(t));
        } catch (UsageException e) {
            throw new UsageException("--cache-sizes: '" + text + "' is neither a percentage of the catalogue "
                    + "(10%) nor a byte size (64MB)");
        }
    }

    /** The size in bytes for a catalogue of {@code catalogueBytes}. */
    public long resolve(long catalogueBytes) {
        return bytes >= 0 ? bytes : Math.round(fraction * catalogueBytes);
    }
}
