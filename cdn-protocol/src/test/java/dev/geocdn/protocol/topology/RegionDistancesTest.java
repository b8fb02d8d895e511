package dev.geocdn.protocol.topology;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionDistancesTest {

    private final RegionDistances distances = new RegionDistances(Map.of(
            "us-west", Map.of("us-east", 60, "eu-west", 140),
            "us-east", Map.of("eu-west", 80)));

    @Test
    void nearestFirst_ordersByDistance_readingTheMatrixBothWays() {
        assertThat(distances.nearestFirst("eu-west", List.of("us-west", "us-east", "eu-west")))
                .containsExactly("eu-west", "us-east", "us-west");
        assertThat(distances.nearestFirst("us-west", List.of("eu-west", "us-east")))
                .containsExactly("us-east", "eu-west");
    }

    @Test
    void unknownPairs_comeLastInNameOrder() {
        assertThat(distances.nearestFirst("us-west", List.of("ap-south", "eu-west", "af-north")))
                .containsExactly("eu-west", "af-north", "ap-south");
        assertThat(distances.distance("us-west", "ap-south")).isInfinite();
    }

    @Test
    void negativeDistances_areRefused() {
        assertThatThrownBy(() -> new RegionDistances(Map.of("a", Map.of("b", -1))))
                .hasMessageContaining("a -> b");
    }
}
