package dev.geocdn.protocol.topology;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of which regions and nodes exist and which take traffic. The health
 * service publishes it (at {@code GET /v1/regions} and as a stream to gateways); a gateway
 * without a health service builds one from its static configuration with everything up.
 *
 * <p>{@code version} grows with every change, so that a receiver can drop a snapshot older
 * than the one it holds.
 */
public record Membership(long version, Instant at, List<RegionStatus> regions) {

    public Membership {
        Objects.requireNonNull(at, "at");
        regions = List.copyOf(regions);
    }

    /** A snapshot of a static topology: every region and node up, since {@code at}. */
    public static Membership allUp(Map<String, RegionSpec> regions, Instant at) {
        List<RegionStatus> list = regions.entrySet().stream().map(e -> new RegionStatus(e.getKey(), e.getValue().gateway(),
                State.UP, "configured", at, e.getValue().nodes().stream()
                        .map(n -> new NodeStatus(n.id(), n.url(), n.management(), State.UP, "configured", at))
                        .toList())).toList();
        return new Membership(0, at, list);
    }

    /**
     * What configuration says about one region (bound from {@code cdn.gateway.regions.<name>}
     * and {@code cdn.health.regions.<name>} alike).
     *
     * @param gateway           the regional gateway's base URL; null where the region has none
     * @param gatewayManagement the gateway's management base URL, for health probes; null to
     *                          probe the gateway by a TCP connect
     * @param nodes             the region's cache nodes
     */
    public record RegionSpec(URI gateway, URI gatewayManagement, List<NodeSpec> nodes) {
        public RegionSpec {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
            requireHttp(gateway, "gateway");
            requireHttp(gatewayManagement, "gateway-management");
        }
    }

    /**
     * What configuration says about one node.
     *
     * @param id         {@code <region>-<n>}
     * @param url        the data-plane base URL
     * @param management the management base URL (health, metrics); null when unknown
     */
    public record NodeSpec(String id, URI url, URI management) {
        public NodeSpec {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a node needs an id");
            }
            if (url == null) {
                throw new IllegalArgumentException("node " + id + " needs a url");
            }
            requireHttp(url, "url of node " + id);
            requireHttp(management, "management url of node " + id);
        }
    }

    private static void requireHttp(URI url, String what) {
        if (url != null && (url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme())))) {
            throw new IllegalArgumentException(what + " must be an absolute http or https URL, got '" + url + "'");
        }
    }

    public Optional<RegionStatus> region(String name) {
        return regions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<NodeStatus> node(String id) {
        return regions.stream().flatMap(r -> r.nodes().stream()).filter(n -> n.id().equals(id)).findFirst();
    }

    /** The names of the regions that take traffic. */
    public List<String> upRegions() {
        return regions.stream().filter(RegionStatus::isUp).map(RegionStatus::name).toList();
    }

    public Map<String, RegionStatus> byName() {
        return regions.stream().collect(Collectors.toMap(RegionStatus::name, Function.identity()));
    }
}
