package dev.geocdn.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SizeDistribution and ByteSizes: object sizes for generated traces")
class SizeDistribution_Test {

    private static long[] sizes(String spec, int n) {
        SizeDistribution d = SizeDistribution.parse(spec);
        return LongStream.range(0, n).map(id -> d.size(42, id)).toArray();
    }

    @Test
    void fixed() {
        assertThat(sizes("fixed:1024", 1000)).containsOnly(1024);
        assertThat(sizes("fixed:1KiB", 10)).containsOnly(1024);
    }

    @Test
    void uniform_coversTheClosedRange() {
        long[] s = sizes("uniform:10:20", 20_000);
        assertThat(Arrays.stream(s).min().getAsLong()).isEqualTo(10);
        assertThat(Arrays.stream(s).max().getAsLong()).isEqualTo(20);
        assertThat(Arrays.stream(s).distinct().count()).isEqualTo(11);
        assertThat(Arrays.stream(s).average().orElseThrow()).isCloseTo(15.0, within(0.1));
    }

    @Test
    void lognormal_hasTheGivenMedianAndSpread() {
        long[] s = sizes("lognormal:16KiB:1.0", 100_000);
        Arrays.sort(s);
        assertThat((double) s[50_000]).isCloseTo(16384, within(16384 * 0.02));
        // e^1 = 2.718: the 84.1st percentile (z = +1) is the median times e.
        assertThat((double) s[84_134]).isCloseTo(16384 * Math.E, within(16384 * Math.E * 0.03));
        double meanLog = Arrays.stream(s).mapToDouble(Math::log).average().orElseThrow();
        assertThat(meanLog).isCloseTo(Math.log(16384), within(0.02));
    }

    @Test
    void pareto_startsAtTheMinimumWithAHeavyTail() {
        long[] s = sizes("pareto:1000:1.5", 100_000);
        assertThat(Arrays.stream(s).min().getAsLong()).isGreaterThanOrEqualTo(1000);
        // P(X > 10 * min) = 10^-1.5 = 0.0316
        double share = Arrays.stream(s).filter(v -> v > 10_000).count() / 100_000.0;
        assertThat(share).isCloseTo(0.0316, within(0.003));
    }

    @Test
    void sizesArePerObject_deterministicFromTheSeed() {
        SizeDistribution d = SizeDistribution.parse("lognormal:16KiB:1.0");
        assertThat(d.size(1, 77)).isEqualTo(d.size(1, 77));
        long differing = LongStream.range(0, 100).filter(id -> d.size(1, id) != d.size(2, id)).count();
        assertThat(differing).isGreaterThan(90);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {"", "fixed", "fixed:0", "fixed:abc", "uniform:10", "uniform:20:10", "lognormal:16KiB",
            "lognormal:16KiB:-1", "pareto:100:0", "normal:1:2", "fixed:3GB"})
    void badSpecifications_areUsageErrors(String spec) {
        assertThatThrownBy(() -> SizeDistribution.parse(spec)).isInstanceOf(UsageException.class)
                .hasMessageContaining("--sizes");
    }

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({"1024,1024", "16KiB,16384", "16kb,16384", "16K,16384", "64MB,67108864", "1.5GB,1610612736",
            "1 TiB,1099511627776", "0,0", "7B,7"})
    void byteSizes(String text, long bytes) {
        assertThat(ByteSizes.parse(text)).isEqualTo(bytes);
    }

    @Test
    void byteSizes_formatAndErrors() {
        assertThat(ByteSizes.format(1023)).isEqualTo("1023 B");
        assertThat(ByteSizes.format(16384)).isEqualTo("16.0 KiB");
        assertThat(ByteSizes.format(2_469_606_195L)).isEqualTo("2.30 GiB");
        assertThat(ByteSizes.format(247_463_936L)).isEqualTo("236 MiB");
        assertThatThrownBy(() -> ByteSizes.parse("12 parsecs")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ByteSizes.parse("-5MB")).isInstanceOf(UsageException.class);
    }

    @Test
    void cacheSizes_percentagesAndAbsolute() {
        assertThat(CacheSize.parseList("1%,10%,64MB")).extracting(c -> c.resolve(1_000_000_000L))
                .containsExactly(10_000_000L, 100_000_000L, 67_108_864L);
        assertThat(CacheSize.parse("0.5%").resolve(1000)).isEqualTo(5);
        for (String bad : new String[] {"", "%", "-1%", "0%", "ten%", "64 parsecs"}) {
            assertThatThrownBy(() -> CacheSize.parse(bad)).as(bad).isInstanceOf(UsageException.class)
                    .hasMessageContaining("--cache-sizes");
        }
    }
}
