package dev.geocdn.gateway.routing.geo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlacementTest {

    @Test
    void theHeaderValue_namesRegionSourceAndMatch() {
        assertThat(new Placement("eu-west", "cidr", "127.0.3.0/24").headerValue())
                .isEqualTo("eu-west; by=cidr; match=\"127.0.3.0/24\"");
    }

    @Test
    void anEmptyDetail_leavesOutTheMatchPart() {
        assertThat(new Placement("us-east", "default", "").headerValue()).isEqualTo("us-east; by=default");
    }

    @Test
    void aNullDetail_leavesOutTheMatchPart() {
        assertThat(new Placement("us-east", "home", null).headerValue()).isEqualTo("us-east; by=home");
    }

    @Test
    void doubleQuotesInTheDetail_cannotEndTheQuotedString() {
        assertThat(new Placement("eu-west", "header", "X-Geo: \"DE\"").headerValue())
                .isEqualTo("eu-west; by=header; match=\"X-Geo: 'DE'\"");
    }
}
