package dev.geocdn.node.shield;

import dev.geocdn.node.config.NodeProperties;
import dev.geocdn.node.peers.PeerNodes;
import dev.geocdn.node.peers.PeerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the parent tier: the rules of {@code cdn.shield.*} over the other regions' nodes. */
@Configuration(proxyBeanMethods = false)
public class ShieldConfiguration {

    /** @throws IllegalStateException at start when a rule or the siblings name a region whose nodes cannot be known */
    @Bean
    Parents parents(ShieldProperties properties, NodeProperties node, PeerProperties peerProperties, PeerNodes peers) {
        properties.rules().stream().map(ShieldProperties.Rule::region)
                .filter(region -> !region.equals(node.region()) && !peerProperties.knows(region))
                .findFirst().ifPresent(region -> {
                    throw unknown("cdn.shield.rules names parent region '", region);
                });
        properties.siblings().stream()
                .filter(region -> !region.equals(node.region()) && !peerProperties.knows(region))
                .findFirst().ifPresent(region -> {
                    throw unknown("cdn.shield.siblings names region '", region);
                });
        return new Parents(new ShieldRoutes(properties.rules(), node.region()), peers, properties.siblings(),
                node.region(), properties.siblingTimeout());
    }

    private static IllegalStateException unknown(String what, String region) {
        return new IllegalStateException(what + region + "', whose nodes are neither listed in cdn.peers.regions."
                + region + " nor learnt from the health service (cdn.peers.health-service-url)");
    }

    @Bean
    ShieldMetrics shieldMetrics(MeterRegistry registry) {
        return new ShieldMetrics(registry);
    }
}
