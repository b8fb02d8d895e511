package dev.geocdn.gateway.latency;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmulatedRttTest {

    @Test
    void aPairGivenOneWay_delaysBothWays_andARegionIsNothingFromItself() {
        EmulatedRtt rtt = new EmulatedRtt(Map.of("us-west", Map.of("eu-west", 140.5)));

        assertThat(rtt.between("us-west", "eu-west")).isEqualTo(Duration.ofNanos(140_500_000));
        assertThat(rtt.between("eu-west", "us-west")).isEqualTo(Duration.ofNanos(140_500_000));
        assertThat(rtt.between("eu-west", "eu-west")).isZero();
    }

    @Test
    void noMatrix_unknownPairs_andNoClientRegion_delayNothing() {
        EmulatedRtt rtt = new EmulatedRtt(Map.of());

        assertThat(rtt.between("us-west", "eu-west")).isZero();
        assertThat(new EmulatedRtt(Map.of("a", Map.of("b", 5))).between("a", "c")).isZero();
        assertThat(rtt.between("", "eu-west")).isZero();
        assertThat(rtt.between(null, "eu-west")).isZero();
    }

    @Test
    void aNewMatrix_replacesTheOldWhole() {
        EmulatedRtt rtt = new EmulatedRtt(Map.of("a", Map.of("b", 5, "c", 7)));

        rtt.set(Map.of("a", Map.of("b", 9)));

        assertThat(rtt.between("a", "b")).isEqualTo(Duration.ofMillis(9));
        assertThat(rtt.between("a", "c")).isZero();
        assertThat(rtt.matrix()).isEqualTo(Map.of("a", Map.of("b", 9.0)));
    }

    @Test
    void aNegativeRtt_isRefused_andTheOldMatrixKept() {
        EmulatedRtt rtt = new EmulatedRtt(Map.of("a", Map.of("b", 5)));

        assertThatThrownBy(() -> rtt.set(Map.of("a", Map.of("b", -1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a -> b");
        assertThat(rtt.between("a", "b")).isEqualTo(Duration.ofMillis(5));
    }
}
