package dev.geocdn.gateway.latency;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RegionLatenciesTest {

    private final RegionLatencies latencies = new RegionLatencies();

    @Test
    void theFirstSample_isTakenAsIs() {
        latencies.record("eu-west", Duration.ofMillis(100));

        assertThat(latencies.rttMillis("eu-west")).hasValueSatisfying(v -> assertThat(v).isCloseTo(100.0, within(1e-9)));
    }

    @Test
    void laterSamples_weighPointThree() {
        latencies.record("eu-west", Duration.ofMillis(100));
        latencies.record("eu-west", Duration.ofMillis(200));

        // 0.3 * 200 + 0.7 * 100
        assertThat(latencies.rttMillis("eu-west").orElseThrow()).isCloseTo(130.0, within(1e-9));

        latencies.record("eu-west", Duration.ofMillis(100));

        // 0.3 * 100 + 0.7 * 130
        assertThat(latencies.rttMillis("eu-west").orElseThrow()).isCloseTo(121.0, within(1e-9));
    }

    @Test
    void theWeightOfTheNewestSample_isPointThree() {
        assertThat(RegionLatencies.ALPHA).isEqualTo(0.3);
    }

    @Test
    void aSteadyRtt_staysWhereItIs() {
        for (int i = 0; i < 20; i++) {
            latencies.record("us-east", Duration.ofMillis(42));
        }

        assertThat(latencies.rttMillis("us-east").orElseThrow()).isCloseTo(42.0, within(1e-9));
    }

    @Test
    void subMillisecondRtts_areKept() {
        latencies.record("local", Duration.ofNanos(1_500_000));

        assertThat(latencies.rttMillis("local").orElseThrow()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void regionsAreSmoothedIndependently() {
        latencies.record("eu-west", Duration.ofMillis(100));
        latencies.record("us-east", Duration.ofMillis(10));
        latencies.record("eu-west", Duration.ofMillis(200));

        assertThat(latencies.rttMillis("us-east").orElseThrow()).isCloseTo(10.0, within(1e-9));
        assertThat(latencies.rttMillis("eu-west").orElseThrow()).isCloseTo(130.0, within(1e-9));
    }

    @Test
    void anUnmeasuredRegion_hasNoRtt() {
        assertThat(latencies.rttMillis("ap-south")).isEmpty();
    }

    @Test
    void theNearest_isChosenAmongTheCandidatesOnly() {
        latencies.record("eu-west", Duration.ofMillis(80));
        latencies.record("us-east", Duration.ofMillis(5));
        latencies.record("ap-south", Duration.ofMillis(150));

        assertThat(latencies.nearest(List.of("eu-west", "ap-south")))
                .contains(new RegionLatencies.Nearest("eu-west", 80.0));
    }

    @Test
    void unmeasuredCandidates_areIgnored() {
        latencies.record("ap-south", Duration.ofMillis(150));

        assertThat(latencies.nearest(List.of("eu-west", "ap-south", "us-east")))
                .map(RegionLatencies.Nearest::region).contains("ap-south");
    }

    @Test
    void noMeasuredCandidate_meansNoNearest() {
        latencies.record("ap-south", Duration.ofMillis(150));

        assertThat(latencies.nearest(List.of("eu-west", "us-east"))).isEmpty();
        assertThat(latencies.nearest(List.of())).isEmpty();
    }

    @Test
    void theNearest_followsTheSmoothedRtt_notTheLastSample() {
        latencies.record("eu-west", Duration.ofMillis(20));
        latencies.record("us-east", Duration.ofMillis(30));
        latencies.record("eu-west", Duration.ofMillis(50)); // smoothed: 0.3 * 50 + 0.7 * 20 = 29

        assertThat(latencies.nearest(List.of("eu-west", "us-east")).orElseThrow().region()).isEqualTo("eu-west");

        latencies.record("eu-west", Duration.ofMillis(50)); // 0.3 * 50 + 0.7 * 29 = 35.3

        assertThat(latencies.nearest(List.of("eu-west", "us-east")).orElseThrow().region()).isEqualTo("us-east");
    }

    @Test
    void equalRtts_areBrokenByRegionName() {
        latencies.record("us-east", Duration.ofMillis(30));
        latencies.record("eu-west", Duration.ofMillis(30));

        assertThat(latencies.nearest(List.of("us-east", "eu-west")).orElseThrow().region()).isEqualTo("eu-west");
    }

    @Test
    void theSnapshot_isACopyOfTheSmoothedRtts() {
        latencies.record("eu-west", Duration.ofMillis(80));
        Map<String, Double> snapshot = latencies.snapshot();

        latencies.record("us-east", Duration.ofMillis(5));

        assertThat(snapshot).containsExactly(Map.entry("eu-west", 80.0));
        assertThat(snapshot).isUnmodifiable();
    }
}
