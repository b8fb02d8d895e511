package dev.geocdn.node.replication;

import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.config.NodeProperties;
import dev.geocdn.node.peers.PeerNodes;
import dev.geocdn.node.peers.PeerProperties;
import dev.geocdn.node.proxy.RequestHooks;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Wires replication: the offers a node sends (a {@link RequestHooks}) and the metrics of both ends. */
@Configuration(proxyBeanMethods = false)
public class ReplicationConfiguration {

    @Bean
    ReplicationMetrics replicationMetrics(MeterRegistry registry) {
        return new ReplicationMetrics(registry);
    }

    /**
     * The replicator, when some rule pushes; {@link RequestHooks#NONE} otherwise.
     *
     * @throws IllegalStateException at start when a rule pushes but the cluster has no credential
     */
    @Bean
    RequestHooks replicator(ReplicationProperties properties, PeerProperties peerProperties, NodeProperties node,
                            PeerNodes peers, ResponseCache cache, ReplicationMetrics metrics, Clock clock) {
        if (!properties.pushes()) {
            return RequestHooks.NONE;
        }
        if (peerProperties.secret() == null || peerProperties.secret().isBlank()) {
            throw new IllegalStateException("cdn.replication.rules push objects to other regions, which needs the "
                    + "cluster's credential: set cdn.peers.secret (the same on every node)");
        }
        return new Replicator(properties, node.region(), node.nodeId(), peerProperties.secret(), peers, cache, metrics,
                clock);
    }
}
