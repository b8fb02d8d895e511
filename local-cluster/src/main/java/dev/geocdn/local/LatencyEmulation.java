package dev.geocdn.local;

import dev.geocdn.gateway.latency.EmulatedRtt;
import dev.geocdn.node.purge.PurgeLog;
import dev.geocdn.node.peers.PeerNodes;
import dev.geocdn.protocol.topology.RegionDistances;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulated inter-region round-trip time (ms) of the local world, where every region is
 * really 0 ms from every other. Gateways wait it before serving a client from another region
 * (and add it to their latency probes); nodes apply a purge half their region's RTT to the
 * purge log's region after it was written, and acknowledge it as long again later; a node's
 * request to another region's node (tiered fill, replication) waits the RTT between the two
 * before it is sent.
 *
 * <p>Thread-safety: the matrix is replaced as a whole (volatile, immutable); parts read it when
 * it changes and each time they start, so a part restarted later sees the matrix in force.
 */
final class LatencyEmulation {

    /**
     * The region the purge log (Kafka and the invalidation service) sits in: purges reach a
     * node after half the emulated RTT between it and the node's region.
     */
    static final String PURGE_LOG_REGION = "us-east";

    private final List<String> regions;
    private volatile Map<String, Map<String, Double>> matrix = Map.of();

    LatencyEmulation(List<String> regions) {
        this.regions = List.copyOf(regions);
    }

    /** The matrix in force; empty when emulation is off. */
    Map<String, Map<String, Double>> matrix() {
        return matrix;
    }

    /**
     * Replaces the matrix, after checking it names only known regions and holds finite RTTs
     * of at least 0; a refused matrix changes nothing.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    void set(Map<String, Map<String, Double>> next) {
        next.forEach((from, row) -> {
            requireRegion(from);
            row.keySet().forEach(this::requireRegion);
        });
        new RegionDistances(next); // validates the numbers
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        next.forEach((from, row) -> copy.put(from, Map.copyOf(row)));
        matrix = Collections.unmodifiableMap(copy);
    }

    /** Sets a gateway's emulated RTT to the matrix in force. */
    void applyToGateway(ConfigurableApplicationContext gateway) {
        gateway.getBean(EmulatedRtt.class).set(matrix);
    }

    /** Sets a node's emulated one-way delay from the purge log. */
    void applyToNode(ConfigurableApplicationContext node) {
        String region = node.getEnvironment().getProperty("cdn.region");
        double rtt = new RegionDistances(matrix).distance(PURGE_LOG_REGION, region);
        Duration oneWay = Double.isInfinite(rtt) ? Duration.ZERO : Duration.ofNanos((long) (rtt * 1e6 / 2));
        node.getBeanProvider(PurgeLog.class).ifAvailable(log -> log.setEmulatedDelay(oneWay));
        RegionDistances distances = new RegionDistances(matrix);
        Map<String, Duration> toPeers = new LinkedHashMap<>();
        for (String other : regions) {
            double ms = distances.distance(region, other);
            if (!other.equals(region) && !Double.isInfinite(ms)) {
                toPeers.put(other, Duration.ofNanos((long) (ms * 1e6)));
            }
        }
        node.getBean(PeerNodes.class).emulateRtt(toPeers);
    }

    private void requireRegion(String region) {
        if (!regions.contains(region)) {
            throw new IllegalArgumentException("no such region: '" + region + "' (known: "
                    + String.join(", ", regions) + ")");
        }
    }
}
