package dev.geocdn.gateway.routing.plan;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class HopTest {

    @Test
    void aHopToARegionalGateway_isAGateway() {
        assertThat(new Hop("eu-west", "gateway:eu-west", URI.create("http://gw:8000")).isGateway()).isTrue();
    }

    @Test
    void aHopToANode_isNotAGateway() {
        assertThat(new Hop("eu-west", "eu-west-1", URI.create("http://n1:8080")).isGateway()).isFalse();
    }
}
