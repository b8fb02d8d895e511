package dev.geocdn.node.peers;

import dev.geocdn.membership.MembershipSubscriber;
import dev.geocdn.membership.MembershipView;
import dev.geocdn.node.config.NodeLoops;
import dev.geocdn.node.config.NodeProperties;
import io.micrometer.core.instrument.MeterRegistry;
import dev.geocdn.tracing.HopTracing;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Clock;

/**
 * Wires the other regions' nodes: their membership (static from {@code cdn.peers.regions}, live
 * from the health service when {@code cdn.peers.health-service-url} is set), the clients to them,
 * and the inter-region traffic metrics.
 */
@Configuration(proxyBeanMethods = false)
public class PeersConfiguration {

    /** Static topology first (every listed node up); the health service's stream replaces it. */
    @Bean
    MembershipView peerMembership(PeerProperties properties, Clock clock) {
        return MembershipView.ofStatic(properties.regions(), clock.instant());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty("cdn.peers.health-service-url")
    MembershipSubscriber peerMembershipSubscriber(PeerProperties properties, MembershipView peerMembership) {
        return new MembershipSubscriber(WebClient.builder(), properties.healthServiceUrl(), peerMembership);
    }

    @Bean(destroyMethod = "close")
    PeerNodes peerNodes(PeerProperties properties, MembershipView peerMembership,
                        ObjectProvider<ReactorResourceFactory> reactorResources, HopTracing tracing,
                        MeterRegistry meters) {
        return new PeerNodes(properties, peerMembership, NodeLoops.of(reactorResources), tracing, meters);
    }

    @Bean
    InterRegionTraffic interRegionTraffic(MeterRegistry registry, NodeProperties node) {
        return new InterRegionTraffic(registry, node.region());
    }
}
