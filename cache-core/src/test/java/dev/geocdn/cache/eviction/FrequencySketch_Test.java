package dev.geocdn.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The frequency sketch: counts what is asked for, never undercounts a lone key, saturates, and forgets slowly. */
@DisplayName("Frequency sketch: count-min estimates with conservative update and periodic halving")
class FrequencySketch_Test {

    @Test
    void aKeyIsCounted_upToTheCap() {
        FrequencySketch sketch = new FrequencySketch(1024);
        for (int i = 1; i <= 20; i++) {
            assertThat(sketch.increment(42)).isEqualTo(Math.min(i, FrequencySketch.MAX));
        }
        assertThat(sketch.frequency(42)).isEqualTo(FrequencySketch.MAX);
        assertThat(sketch.frequency(43)).isZero();
    }

    @Test
    void amongManyKeys_theHotOnesStandOut() {
        FrequencySketch sketch = new FrequencySketch(4096);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            sketch.increment(random.nextInt(100_000) + 1_000_000L); // a cold tail, each key once or twice
            if (i % 100 == 0) {
                sketch.increment(1); // a hot key: 200 requests
            }
        }
        assertThat(sketch.frequency(1)).isGreaterThanOrEqualTo(8);
        int overcounted = 0;
        for (long key = 2_000_000; key < 2_001_000; key++) { // never asked for
            if (sketch.frequency(key) >= 8) {
                overcounted++;
            }
        }
        assertThat(overcounted).as("keys never asked for that look hot").isLessThan(10);
    }

    @Test
    void countsAreHalvedAfterTenTimesTheWidth_soOldPopularityFades() {
        FrequencySketch sketch = new FrequencySketch(16); // width 32: halving after 320 increments
        for (int i = 0; i < 12; i++) {
            sketch.increment(5);
        }
        int before = sketch.frequency(5);
        for (int i = 0; i < 320; i++) {
            sketch.increment(1_000 + (i % 3)); // other traffic
        }
        assertThat(sketch.frequency(5)).isLessThanOrEqualTo(before / 2);
    }

    @Test
    void aWidthMustBePositive() {
        assertThatThrownBy(() -> new FrequencySketch(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
