package dev.geocdn.simulator;

import java.util.Locale;

/**
 * Object sizes for generated traces. A size belongs to the object, not the request: it is a pure function
 * of (seed, object id), so every request of an object has the same size, runs are reproducible, and no
 * table is kept. Sizes are at least 1 byte and at most {@link #MAX_SIZE}.
 *
 * <p>Specifications ({@code --sizes=}); byte values take units ({@code 16KiB}), see {@link ByteSizes}:
 * <ul>
 *   <li>{@code fixed:SIZE}: every object has SIZE bytes;</li>
 *   <li>{@code uniform:MIN:MAX}: uniform integers in [MIN, MAX];</li>
 *   <li>{@code lognormal:MEDIAN:SIGMA}: MEDIAN &middot; e<sup>SIGMA&middot;Z</sup>, Z standard normal, the
 *       usual model of web object sizes (median 16KiB with sigma 1 puts 95 % of objects between about 2 and
 *       115 KiB);</li>
 *   <li>{@code pareto:MIN:ALPHA}: MIN / U<sup>1/ALPHA</sup>, U uniform in (0,1]: heavy-tailed, infinite
 *       variance for ALPHA &le; 2.</li>
 * </ul>
 */
public abstract sealed class SizeDistribution {

    /**
     * The largest generated size, 2 GiB - 1: the cache weighs entries in ints, so larger objects would
     * count differently in the simulator and the policy.
     */
    public static final long MAX_SIZE = Integer.MAX_VALUE;

    private final String spec;

    private SizeDistribution(String spec) {
        this.spec = spec;
    }

    /**
     * @throws UsageException when {@code spec} is not one of the forms above
     */
    public static SizeDistribution parse(String spec) {
        String[] parts = spec.trim().split(":", -1);
        String kind = parts[0].toLowerCase(Locale.ROOT);
        try {
            return switch (kind) {
                case "fixed" -> {
                    arity(spec, parts, 2, "fixed:SIZE");
                    yield new Fixed(spec, positive(spec, ByteSizes.parse(parts[1])));
                }
                case "uniform" -> {
                    arity(spec, parts, 3, "uniform:MIN:MAX");
                    long min = positive(spec, ByteSizes.parse(parts[1]));
                    long max = positive(spec, ByteSizes.parse(parts[2]));
                    if (max < min) {
                        throw new UsageException("--sizes=" + spec + ": MAX is smaller than MIN");
                    }
                    yield new Uniform(spec, min, max);
                }
                case "lognormal" -> {
                    arity(spec, parts, 3, "lognormal:MEDIAN:SIGMA");
                    yield new LogNormal(spec, positive(spec, ByteSizes.parse(parts[1])),
                            nonNegative(spec, Double.parseDouble(parts[2])));
                }
                case "pareto" -> {
                    arity(spec, parts, 3, "pareto:MIN:ALPHA");
                    double shape = Double.parseDouble(parts[2]);
                    if (!(shape > 0) || Double.isInfinite(shape)) {
                        throw new UsageException("--sizes=" + spec + ": ALPHA must be > 0");
                    }
                    yield new Pareto(spec, positive(spec, ByteSizes.parse(parts[1])), shape);
                }
                default -> throw new UsageException("--sizes=" + spec
                        + ": unknown distribution (fixed:SIZE, uniform:MIN:MAX, lognormal:MEDIAN:SIGMA, pareto:MIN:ALPHA)");
            };
        } catch (NumberFormatException e) {
            throw new UsageException("--sizes=" + spec + ": not a number: " + e.getMessage());
        } catch (UsageException e) {
            if (e.getMessage().startsWith("--sizes=")) {
                throw e;
            }
            throw new UsageException("--sizes=" + spec + ": " + e.getMessage());
        }
    }

    /** The size in bytes of object {@code id} under {@code seed}. */
    public final long size(long seed, long id) {
        long base = Keys.mix64(seed * 0x9E3779B97F4A7C15L + Keys.mix64(id ^ 0x5DEECE66DL));
        long size = sample(unit(base), unit(Keys.mix64(base + 0x9E3779B97F4A7C15L)));
        return Math.max(1, Math.min(MAX_SIZE, size));
    }

    /** The specification as given. */
    @Override
    public String toString() {
        return spec;
    }

    /** A size from {@code u1} and {@code u2}, independent uniforms in [0, 1). */
    abstract long sample(double u1, double u2);

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    private static void arity(String spec, String[] parts, int n, String form) {
        if (parts.length != n) {
            throw new UsageException("--sizes=" + spec + ": expected " + form);
        }
    }

    private static long positive(String spec, long value) {
        if (value < 1 || value > MAX_SIZE) {
            throw new UsageException("--sizes=" + spec + ": sizes must be between 1 byte and 2 GiB");
        }
        return value;
    }

    private static double nonNegative(String spec, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new UsageException("--sizes=" + spec + ": SIGMA must be >= 0");
        }
        return value;
    }

    private static final class Fixed extends SizeDistribution {
        private final long size;

        Fixed(String spec, long size) {
            super(spec);
            this.size = size;
        }

        @Override
        long sample(double u1, double u2) {
            return size;
        }
    }

    private static final class Uniform extends SizeDistribution {
        private final long min;
        private final long max;

        Uniform(String spec, long min, long max) {
            super(spec);
            this.min = min;
            this.max = max;
        }

        @Override
        long sample(double u1, double u2) {
            return min + (long) (u1 * (max - min + 1));
        }
    }

    private static final class LogNormal extends SizeDistribution {
        private final double logMedian;
        private final double sigma;

        LogNormal(String spec, long median, double sigma) {
            super(spec);
            this.logMedian = Math.log(median);
            this.sigma = sigma;
        }

        @Override
        long sample(double u1, double u2) {
            // Box-Muller: 1 - u1 is in (0, 1], so the logarithm is finite.
            double z = Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
            return (long) Math.min(MAX_SIZE, Math.rint(Math.exp(logMedian + sigma * z)));
        }
    }

    private static final class Pareto extends SizeDistribution {
        private final long min;
        private final double shape;

        Pareto(String spec, long min, double shape) {
            super(spec);
            this.min = min;
            this.shape = shape;
        }

        @Override
        long sample(double u1, double u2) {
            return (long) Math.min(MAX_SIZE, Math.floor(min / Math.pow(1.0 - u1, 1.0 / shape)));
        }
    }
}
