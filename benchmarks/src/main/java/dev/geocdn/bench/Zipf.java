package dev.geocdn.bench;

/**
 * Ranks drawn by a Zipf law: rank {@code k} (0-based) of {@code n} with probability proportional
 * to {@code 1 / (k + 1)^s}, by a binary search of the cumulative probabilities (made once).
 * Immutable; the caller brings the random numbers, so each stream keeps its own generator.
 */
public final class Zipf {

    private final double[] cdf;

    public Zipf(int n, double s) {
        cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
    }

    /** The rank that the uniform number {@code u} in [0, 1) falls on. */
    public int rank(double u) {
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
