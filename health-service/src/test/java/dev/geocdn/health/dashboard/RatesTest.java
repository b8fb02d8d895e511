package dev.geocdn.health.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Counter increases and histogram quantiles, with the numbers Prometheus gives for the same input. */
class RatesTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(textBlock = """
            # older | newer | increase
              10    | 25    | 15
              25    | 25    | 0
              0     | 7     | 7
              100   | 7     | 7
              100   | 0     | 0
            """, delimiter = '|')
    void aCounter_grows_andARestartCountsFromZero(double older, double newer, double increase) {
        assertThat(Rates.increase(older, newer)).isEqualTo(increase);
    }

    @Test
    void aKeyedCounter_bornSinceTheOlderScrape_countsFromZero() {
        assertThat(Rates.increase(Map.of("hit", 10.0, "gone", 3.0), Map.of("hit", 12.0, "miss", 4.0)))
                .isEqualTo(Map.of("hit", 2.0, "miss", 4.0));
    }

    /** Buckets as {@code le=count;...}, the last one {@code +Inf}. */
    private static NavigableMap<Double, Double> buckets(String text) {
        NavigableMap<Double, Double> out = new TreeMap<>();
        for (String bucket : text.split(";")) {
            String[] parts = bucket.split("=");
            out.put(PrometheusText.value(parts[0].strip()), Double.parseDouble(parts[1].strip()));
        }
        return out;
    }

    @ParameterizedTest(name = "q={0} of {1} = {2}")
    @CsvSource(textBlock = """
            # q    | buckets (le=cumulative count)        | quantile (histogram_quantile)
              0.5  | 0.1=0; 0.2=10; 0.4=20; +Inf=20        | 0.2
              0.75 | 0.1=0; 0.2=10; 0.4=20; +Inf=20        | 0.3
              0.99 | 0.1=0; 0.2=10; 0.4=20; +Inf=20        | 0.396
              0.5  | 0.1=10; +Inf=10                       | 0.05
              0.5  | 0.1=4; 0.2=4; 0.3=10; +Inf=10         | 0.2166666666666667
              0.99 | 0.1=5; 0.2=9; +Inf=10                 | 0.2
              1.0  | 0.1=5; 0.2=10; +Inf=10                | 0.2
              0.0  | 0.1=5; 0.2=10; +Inf=10                | 0.0
              0.5  | 0.1=6; 0.2=5; 0.4=10; +Inf=10         | 0.0833333333333333
            """, delimiter = '|')
    void aQuantile_interpolatesWithinTheBucketHoldingItsRank(double q, String buckets, double quantile) {
        assertThat(Rates.quantile(q, buckets(buckets))).isCloseTo(quantile, within(1e-9));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            # no observations, or no +Inf bucket: no quantile
              0.1=0; 0.2=0; +Inf=0
              0.1=3; 0.2=5
              +Inf=5
            """)
    void withoutObservationsOrAnInfBucket_thereIsNoQuantile(String buckets) {
        assertThat(Rates.quantile(0.5, buckets(buckets))).isNull();
    }

    @Test
    void aQuantileOutsideZeroToOne_isRefused() {
        assertThatThrownBy(() -> Rates.quantile(1.5, buckets("0.1=1; +Inf=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
    }

    @ParameterizedTest(name = "{0}/{1} = {2}")
    @CsvSource(textBlock = """
            # part | whole | ratio (empty: none)
              9    | 10    | 0.9
              0    | 10    | 0.0
              0    | 0     |
              11   | 10    | 1.0
            """, delimiter = '|')
    void aRatio_ofNothing_isNone(double part, double whole, Double ratio) {
        assertThat(Rates.ratio(part, whole)).isEqualTo(ratio);
    }
}
