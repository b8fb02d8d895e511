package dev.geocdn.simulator;

import java.util.random.RandomGenerator;

/**
 * Samples ranks 1..n with P(k) = k<sup>-alpha</sup> / H(n, alpha), exactly, in O(1) time and memory per
 * sample, by rejection-inversion [1] (the method Apache Commons RNG uses). A uniform is mapped through the
 * inverse of the integral of the continuous hat function x<sup>-alpha</sup>; the nearest integer is accepted
 * unless the point falls in the thin gap between the hat and the step function, which happens rarely
 * (well under 10 % of draws for the alphas CDN traces show), so no CDF table is needed even for 10<sup>9</sup>
 * objects.
 *
 * <p>[1] Wolfgang Hörmann, Gerhard Derflinger: Rejection-inversion to generate variates from monotone
 * discrete distributions. ACM TOMACS 6(3), 1996.
 */
public final class ZipfSampler {

    private final int n;
    private final double alpha;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double s;
    private double normalization; // the generalized harmonic number H(n, alpha), computed on first use

    /**
     * @param n     number of ranks, at least 1
     * @param alpha exponent, at least 0 (0 is uniform)
     */
    public ZipfSampler(int n, double alpha) {
        if (n < 1) {
            throw new IllegalArgumentException("number of objects must be at least 1, got " + n);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("zipf exponent must be a finite number >= 0, got " + alpha);
        }
        this.n = n;
        this.alpha = alpha;
        this.hIntegralX1 = hIntegral(1.5) - 1.0;
        this.hIntegralN = hIntegral(n + 0.5);
        this.s = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
    }

    /** A rank in [1, n]; rank 1 is the most popular. */
    public int sample(RandomGenerator random) {
        while (true) {
            // u is uniform in (hIntegralX1, hIntegralN]
            double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = hIntegralInverse(u);
            int k = (int) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > n) {
                k = n;
            }
            // k - x <= s: x is inside the region where the hat and the step function coincide.
            if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
                return k;
            }
        }
    }

    /** The exact probability of rank {@code k} (the first call costs O(n); for tests and reports). */
    public double probability(int k) {
        if (k < 1 || k > n) {
            return 0;
        }
        double norm = normalization;
        if (norm == 0) {
            for (int i = n; i >= 1; i--) {
                norm += Math.pow(i, -alpha);
            }
            normalization = norm;
        }
        return Math.pow(k, -alpha) / norm;
    }

    public int n() {
        return n;
    }

    public double alpha() {
        return alpha;
    }

    /** H(x) = integral of h from 1 to x, written so that it is exact also for alpha = 1: (x^(1-alpha) - 1) / (1-alpha). */
    private double hIntegral(double x) {
        double logX = Math.log(x);
        return helper2((1.0 - alpha) * logX) * logX;
    }

    /** h(x) = x^-alpha. */
    private double h(double x) {
        return Math.exp(-alpha * Math.log(x));
    }

    private double hIntegralInverse(double x) {
        double t = x * (1.0 - alpha);
        if (t < -1.0) {
            t = -1.0; // numerical guard: only reached through rounding at the lower end
        }
        return Math.exp(helper1(t) * x);
    }

    /** log(1+x)/x, continued to 1 at 0. */
    private static double helper1(double x) {
        if (Math.abs(x) > 1e-8) {
            return Math.log1p(x) / x;
        }
        return 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
    }

    /** (exp(x)-1)/x, continued to 1 at 0. */
    private static double helper2(double x) {
        if (Math.abs(x) > 1e-8) {
            return Math.expm1(x) / x;
        }
        return 1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
    }
}
