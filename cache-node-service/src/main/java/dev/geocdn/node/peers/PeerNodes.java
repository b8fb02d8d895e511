package dev.geocdn.node.peers;

import dev.geocdn.membership.MembershipView;
import dev.geocdn.node.config.NodeProperties;
import dev.geocdn.node.metrics.CircuitMetrics;
import dev.geocdn.node.origin.OriginClient;
import io.micrometer.core.instrument.MeterRegistry;
import dev.geocdn.tracing.HopTracing;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.RendezvousHasher;

import reactor.netty.resources.LoopResources;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Other regions' nodes, as this node reaches them: for a key, the node of a region that owns it.
 *
 * <p>The owner is ranked by the same rendezvous hash, over the same live membership, as that
 * region's gateways use, so the node this one talks to about a key is the one that region's own
 * clients reach and hold the key in. Only up nodes are ranked: when the owner is down (per the
 * health service) the next in its rank stands in, as it does for that region's clients.
 *
 * <p>Thread-safety: clients are made once per node, on first use; the emulated RTTs are replaced
 * as a whole.
 */
public final class PeerNodes implements AutoCloseable {

    /** A node of another region, chosen for one key. */
    public record Peer(String region, String nodeId, URI url, OriginClient client, Duration emulatedRtt) {
    }

    private final PeerProperties properties;
    private final MembershipView membership;
    private final LoopResources loops;
    private final ConcurrentMap<String, OriginClient> clients = new ConcurrentHashMap<>();
    private volatile Map<String, Duration> emulatedRtt = Map.of();
    private final HopTracing tracing;
    /** Where each client's circuit state goes. */
    private final MeterRegistry meters;

    /** @param loops the node's event loops, which its clients to other nodes run on; null for the global ones */
    public PeerNodes(PeerProperties properties, MembershipView membership, LoopResources loops, HopTracing tracing,
                     MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        this.tracing = tracing;
        this.membership = membership;
        this.loops = loops;
    }

    /** The up node of {@code region} that owns {@code cacheKey}, or null when none is up. */
    public Peer owner(String region, String cacheKey) {
        return owner(region, cacheKey, properties.responseTimeout());
    }

    /**
     * The up node of {@code region} that owns {@code cacheKey}, reached by a client that gives up
     * after {@code responseTimeout} of silence (a sibling lookup waits less than a fill), or null.
     */
    public Peer owner(String region, String cacheKey, Duration responseTimeout) {
        List<NodeStatus> up = membership.current().region(region).map(RegionStatus::upNodes).orElse(List.of());
        NodeStatus owner = RendezvousHasher.owner(cacheKey, up, NodeStatus::id);
        return owner == null ? null : peer(region, owner, responseTimeout);
    }

    private Peer peer(String region, NodeStatus node) {
        return peer(region, node, properties.responseTimeout());
    }

    private Peer peer(String region, NodeStatus node, Duration responseTimeout) {
        OriginClient client = clients.computeIfAbsent(node.id() + " " + node.url() + " " + responseTimeout, key -> {
            OriginClient created = new OriginClient(new NodeProperties.Origin(node.url(), properties.connectTimeout(),
                    responseTimeout, properties.maxConnections(), "", false, properties.breaker()),
                    "peer-" + node.id() + "-" + responseTimeout.toMillis() + "ms", true, loops, tracing);
            CircuitMetrics.register(meters, created.breaker());
            return created;
        });
        return new Peer(region, node.id(), node.url(), client, emulatedRtt.getOrDefault(region, Duration.ZERO));
    }

    /** The node {@code nodeId} of {@code region} when it is up, or null. */
    public Peer node(String region, String nodeId) {
        NodeStatus node = membership.current().region(region).map(RegionStatus::upNodes).orElse(List.of()).stream()
                .filter(n -> n.id().equals(nodeId)).findFirst().orElse(null);
        return node == null ? null : peer(region, node);
    }

    /** The regions the membership knows, this node's own included. */
    public List<String> regions() {
        return membership.current().regions().stream().map(RegionStatus::name).toList();
    }

    /**
     * The round trip each request to another region waits before it is sent, for the local
     * world's emulated inter-region latency; empty (none) in production.
     */
    public void emulateRtt(Map<String, Duration> byRegion) {
        this.emulatedRtt = Map.copyOf(byRegion);
    }

    @Override
    public void close() {
        clients.values().forEach(OriginClient::close);
    }
}
