package dev.geocdn.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ZipfSampler: rejection-inversion sampling of Zipf ranks")
class ZipfSampler_Test {

    private static long[] counts(int n, double alpha, int samples, long seed) {
        ZipfSampler sampler = new ZipfSampler(n, alpha);
        SplittableRandom random = new SplittableRandom(seed);
        long[] counts = new long[n + 1];
        for (int i = 0; i < samples; i++) {
            counts[sampler.sample(random)]++;
        }
        return counts;
    }

    @Test
    void rankOneShare_isOneOverTheHarmonicNumber_forAlphaOne() {
        // P(1) = 1 / H(1000) = 1 / 7.4854708606 = 0.133592; with 10^6 samples the standard error is 0.00034.
        double harmonic = IntStream.rangeClosed(1, 1000).mapToDouble(k -> 1.0 / k).sum();
        assertThat(harmonic).isCloseTo(7.4854708606, within(1e-9));
        long[] counts = counts(1000, 1.0, 1_000_000, 7);
        assertThat(counts[1] / 1e6).isCloseTo(1 / harmonic, within(0.0015));
        assertThat(counts[2] / 1e6).isCloseTo(0.5 / harmonic, within(0.0015));
        assertThat(counts[10] / 1e6).isCloseTo(0.1 / harmonic, within(0.001));
    }

    @ParameterizedTest(name = "alpha {0}: chi-square over all 50 ranks is within the 99.9th percentile")
    @ValueSource(doubles = {0.0, 0.5, 0.7, 0.9, 1.0, 1.1, 1.5, 2.5})
    void frequencies_followTheDistribution(double alpha) {
        int n = 50;
        int samples = 500_000;
        ZipfSampler sampler = new ZipfSampler(n, alpha);
        long[] counts = counts(n, alpha, samples, 1234);
        double chi2 = 0;
        for (int k = 1; k <= n; k++) {
            double expected = samples * sampler.probability(k);
            chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        // 49 degrees of freedom: the 99.9th percentile of chi-square is 85.35.
        assertThat(chi2).isLessThan(85.35);
        assertThat(counts[0]).isZero();
    }

    @Test
    void largeCatalogue_headAndTailMatchTheory() {
        int n = 100_000;
        ZipfSampler sampler = new ZipfSampler(n, 0.9);
        long[] counts = counts(n, 0.9, 2_000_000, 99);
        for (int k : new int[] {1, 2, 3, 10, 100}) {
            double p = sampler.probability(k);
            double se = Math.sqrt(p * (1 - p) / 2_000_000);
            assertThat(counts[k] / 2e6).as("rank %d", k).isCloseTo(p, within(5 * se));
        }
        // The tail: ranks above 50,000 together.
        double pTail = IntStream.rangeClosed(50_001, n).mapToDouble(sampler::probability).sum();
        long tail = IntStream.rangeClosed(50_001, n).mapToLong(k -> counts[k]).sum();
        assertThat(tail / 2e6).isCloseTo(pTail, within(0.002));
    }

    @Test
    void sameSeed_sameRanks_otherSeed_otherRanks() {
        ZipfSampler sampler = new ZipfSampler(10_000, 1.0);
        int[] a = sample(sampler, 42);
        int[] b = sample(sampler, 42);
        int[] c = sample(sampler, 43);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        assertThat(IntStream.of(a).min().getAsInt()).isGreaterThanOrEqualTo(1);
        assertThat(IntStream.of(a).max().getAsInt()).isLessThanOrEqualTo(10_000);
    }

    private static int[] sample(ZipfSampler sampler, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return IntStream.range(0, 1000).map(i -> sampler.sample(random)).toArray();
    }

    @Test
    void oneObject_isAlwaysRankOne() {
        assertThat(counts(1, 1.2, 1000, 1)[1]).isEqualTo(1000);
    }

    @Test
    void badParameters_areRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ZipfSampler(0, 1.0));
        assertThatIllegalArgumentException().isThrownBy(() -> new ZipfSampler(10, -0.1));
        assertThatIllegalArgumentException().isThrownBy(() -> new ZipfSampler(10, Double.NaN));
    }

    @Test
    void zipfTrace_isReproducible_andSizesBelongToObjects() {
        SizeDistribution sizes = SizeDistribution.parse("lognormal:16KiB:1.0");
        ZipfTrace trace = new ZipfTrace(1.0, 5_000, 50_000, 7, sizes);
        assertThat(trace.requests().toList()).isEqualTo(trace.requests().toList());
        assertThat(trace.requests().count()).isEqualTo(50_000);
        assertThat(trace.requests().map(Request::timestamp).toList()).isSorted();
        assertThat(trace.requests()).allSatisfy(r -> {
            assertThat(r.id()).isBetween(1L, 5_000L);
            assertThat(r.size()).isEqualTo(sizes.size(7, r.id()));
        });
        ZipfTrace otherSeed = new ZipfTrace(1.0, 5_000, 50_000, 8, sizes);
        assertThat(otherSeed.requests().toList()).isNotEqualTo(trace.requests().toList());
        assertThat(trace.description()).contains("alpha=1.0", "objects=5000", "requests=50000", "seed=7");
    }
}
