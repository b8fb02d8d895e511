package dev.geocdn.health.dashboard;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The arithmetic of the dashboard's figures, as Prometheus does it, so that the page and a
 * Grafana panel over the same window agree: counter increases that survive a restart
 * ({@code increase()}) and quantiles from cumulative histogram buckets by linear interpolation
 * within the bucket that holds the rank ({@code histogram_quantile()}). Pure functions.
 */
public final class Rates {

    private Rates() {
    }

    /**
     * How much a counter grew from {@code older} to {@code newer}. A lower value means the
     * counter restarted from zero in between, so it grew by {@code newer} at least.
     */
    public static double increase(double older, double newer) {
        return newer >= older ? newer - older : newer;
    }

    /**
     * {@link #increase(double, double)} per key of {@code newer}; a key absent before is a
     * counter created since, at zero.
     */
    public static <K> Map<K, Double> increase(Map<K, Double> older, Map<K, Double> newer) {
        Map<K, Double> out = new HashMap<>();
        newer.forEach((key, value) -> out.put(key, increase(older.getOrDefault(key, 0.0), value)));
        return out;
    }

    /**
     * The {@code q}-quantile of observations counted in cumulative buckets (upper bound to the
     * number of observations at most that bound, {@code +Inf} included), as
     * {@code histogram_quantile()} computes it: the bucket that holds the rank
     * {@code q * count}, interpolated linearly between its bounds (the first bucket starts at 0).
     * A rank in the {@code +Inf} bucket gives the highest finite bound. Counts that fall from
     * one bucket to the next (which a sum of increases can do, by rounding) are raised to keep
     * the buckets cumulative.
     *
     * @param q        between 0 and 1
     * @param buckets  upper bound to cumulative count
     * @return the quantile in the buckets' unit; null without observations or without a
     *         {@code +Inf} bucket
     */
    public static Double quantile(double q, NavigableMap<Double, Double> buckets) {
        if (q < 0 || q > 1 || Double.isNaN(q)) {
            throw new IllegalArgumentException("a quantile is between 0 and 1, not " + q);
        }
        if (buckets.isEmpty() || buckets.lastKey() != Double.POSITIVE_INFINITY) {
            return null;
        }
        double[] bounds = new double[buckets.size()];
        double[] counts = new double[buckets.size()];
        int i = 0;
        double max = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            bounds[i] = bucket.getKey();
            max = Math.max(max, bucket.getValue());
            counts[i++] = max;
        }
        double observations = counts[counts.length - 1];
        if (observations <= 0 || counts.length < 2) {
            return null;
        }
        double rank = q * observations;
        int b = 0;
        while (b < counts.length - 1 && counts[b] < rank) {
            b++;
        }
        if (b == counts.length - 1) {
            return bounds[counts.length - 2];
        }
        if (b == 0 && bounds[0] <= 0) {
            return bounds[0];
        }
        double start = b == 0 ? 0 : bounds[b - 1];
        double below = b == 0 ? 0 : counts[b - 1];
        double inBucket = counts[b] - below;
        return inBucket == 0 ? bounds[b] : start + (bounds[b] - start) * ((rank - below) / inBucket);
    }

    /** {@code amount} per second over {@code seconds}; 0 over no time. */
    public static double perSecond(double amount, double seconds) {
        return seconds > 0 ? amount / seconds : 0;
    }

    /** {@code part / whole}, or null when the whole is 0 (no requests: no ratio, rather than 0 %). */
    public static Double ratio(double part, double whole) {
        return whole > 0 ? Math.min(1.0, part / whole) : null;
    }
}
