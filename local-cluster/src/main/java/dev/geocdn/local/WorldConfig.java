package dev.geocdn.local;

import dev.geocdn.protocol.topology.RegionDistances;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of the local world and its ports. The defaults are the documented fixed ports
 * (README): global gateway 8080, invalidation API 8081, health service 8082, DNS 8053, control API 8083, regional gateways
 * 127.0.1.254:8090, 127.0.2.254:8090, 127.0.3.254:8090, nodes
 * 8101-8106, management ports 1000 above each, origin-mock 9000. {@link #ephemeral()} gives
 * every server a free port, for tests.
 *
 * @param originUrl        a user's origin; null starts origin-mock on {@code originPort}
 * @param originPort       origin-mock's port
 * @param gatewayPort      the global entry gateway's port
 * @param controlPort      the control API's port
 * @param healthPort       the health service's port
 * @param dnsPort          geo-DNS's port (UDP and TCP)
 * @param regionalBasePort the regional gateways' port, each on its own address 127.0.N.254
 * @param nodeBasePort     the first node's port (nodes numbered region by region)
 * @param regions          region names, in order
 * @param nodesPerRegion   cache nodes in each region
 * @param maxBytes         each node's cache size
 * @param distances        region-to-region RTT (ms) used for "next-nearest"
 * @param cidrs            client CIDR block to region
 * @param invalidationPort the invalidation API's port
 * @param adminToken       the invalidation API's bearer token; null makes a random one
 * @param emulateLatency   whether gateways start with {@code distances} as emulated
 *                         inter-region RTT (the control API can change it later)
 * @param redis            whether each region gets a redis-server of its own, its nodes' persistence tier
 * @param shield           the region every other region fills through (tiered fill), or null for none
 * @param siblings         whether each region's nodes ask the other regions' owners for a copy
 *                         before the origin (nearest first)
 * @param replication      replication rules, each {@code PATTERN=MODE} ({@code /hot/**=push-all}), in order
 * @param otlp             an OTLP/HTTP traces endpoint ({@code http://127.0.0.1:4318/v1/traces}) every service
 *                         exports its spans to, every request sampled; null for none
 */
public record WorldConfig(String originUrl, int originPort, int gatewayPort, int controlPort, int healthPort,
                          int dnsPort, int regionalBasePort,
                          int nodeBasePort, List<String> regions, int nodesPerRegion, String maxBytes,
                          Map<String, Map<String, Double>> distances, Map<String, String> cidrs,
                          int invalidationPort, String adminToken, boolean emulateLatency, boolean redis,
                          String shield, boolean siblings, List<String> replication, String otlp) {

    /** Management ports are this much above the server's own port. */
    public static final int MANAGEMENT_OFFSET = 1000;

    public static WorldConfig defaults() {
        Map<String, String> cidrs = new LinkedHashMap<>();
        cidrs.put("127.0.1.0/24", "us-west");
        cidrs.put("127.0.2.0/24", "us-east");
        cidrs.put("127.0.3.0/24", "eu-west");
        return new WorldConfig(null, 9000, 8080, 8083, 8082, 8053, 8090, 8101, List.of("us-west", "us-east", "eu-west"), 2,
                "64MB", Map.of("us-west", Map.of("us-east", 60.0, "eu-west", 140.0), "us-east", Map.of("eu-west", 80.0)),
                cidrs, 8081, null, false, false, null, false, List.of(), null);
    }

    /** Every server on a free port (tests). */
    public static WorldConfig ephemeral() {
        return defaults().withPorts(0, 0, 0, 0, 0, 0, 0).withInvalidationPort(0);
    }

    public WorldConfig withPorts(int origin, int gateway, int control, int health, int dns, int regionalBase,
                                 int nodeBase) {
        return new WorldConfig(originUrl, origin, gateway, control, health, dns, regionalBase, nodeBase, regions,
                nodesPerRegion, maxBytes, distances, cidrs, invalidationPort, adminToken, emulateLatency, redis, shield, siblings, replication, otlp);
    }

    public WorldConfig withOriginUrl(String url) {
        return new WorldConfig(url, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort, nodeBasePort, regions,
                nodesPerRegion, maxBytes, distances, cidrs, invalidationPort, adminToken, emulateLatency, redis, shield, siblings, replication, otlp);
    }

    public WorldConfig withMaxBytes(String size) {
        return new WorldConfig(originUrl, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort,
                nodeBasePort, regions, nodesPerRegion, size, distances, cidrs, invalidationPort, adminToken, emulateLatency, redis, shield, siblings, replication, otlp);
    }

    public WorldConfig withEmulatedLatency(boolean on) {
        return new WorldConfig(originUrl, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort,
                nodeBasePort, regions, nodesPerRegion, maxBytes, distances, cidrs, invalidationPort, adminToken, on, redis, shield, siblings, replication, otlp);
    }

    public WorldConfig withInvalidationPort(int port) {
        return new WorldConfig(originUrl, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort,
                nodeBasePort, regions, nodesPerRegion, maxBytes, distances, cidrs, port, adminToken,
                emulateLatency, redis, shield, siblings, replication, otlp);
    }

    public WorldConfig withAdminToken(String token) {
        return new WorldConfig(originUrl, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort,
                nodeBasePort, regions, nodesPerRegion, maxBytes, distances, cidrs, invalidationPort, token,
                emulateLatency, redis, shield, siblings, replication, otlp);
    }

    public WorldConfig withRedis(boolean on) {
        return new WorldConfig(originUrl, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort,
                nodeBasePort, regions, nodesPerRegion, maxBytes, distances, cidrs, invalidationPort, adminToken,
                emulateLatency, on, shield, siblings, replication, otlp);
    }

    public WorldConfig withShield(String region) {
        if (region != null && !regions.contains(region)) {
            throw new IllegalArgumentException("--shield must name a region (" + String.join(", ", regions)
                    + "), got '" + region + "'");
        }
        return new WorldConfig(originUrl, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort,
                nodeBasePort, regions, nodesPerRegion, maxBytes, distances, cidrs, invalidationPort, adminToken,
                emulateLatency, redis, region, siblings, replication, otlp);
    }

    public WorldConfig withSiblings(boolean on) {
        return new WorldConfig(originUrl, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort,
                nodeBasePort, regions, nodesPerRegion, maxBytes, distances, cidrs, invalidationPort, adminToken,
                emulateLatency, redis, shield, on, replication, otlp);
    }

    /**
     * With every service's spans exported to {@code endpoint}, an OTLP/HTTP traces URL.
     *
     * @throws IllegalArgumentException when it is not an absolute http(s) URL
     */
    public WorldConfig withOtlp(String endpoint) {
        if (endpoint != null) {
            java.net.URI uri;
            try {
                uri = new java.net.URI(endpoint);
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("--otlp must be an http(s) URL of an OTLP/HTTP traces endpoint "
                        + "(e.g. http://127.0.0.1:4318/v1/traces), got '" + endpoint + "'");
            }
        }
        return new WorldConfig(originUrl, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort,
                nodeBasePort, regions, nodesPerRegion, maxBytes, distances, cidrs, invalidationPort, adminToken,
                emulateLatency, redis, shield, siblings, replication, endpoint);
    }

    /**
     * What every service of the world is given for tracing: with an OTLP endpoint, export there
     * and sample every request (a world to look at, not to load); without one, the services'
     * own defaults (sampled at 10 %, exported nowhere).
     */
    List<String> tracingArgs() {
        if (otlp == null) {
            return List.of();
        }
        return List.of("--management.opentelemetry.tracing.export.otlp.endpoint=" + otlp,
                "--management.tracing.sampling.probability=1.0",
                "--management.opentelemetry.tracing.export.schedule-delay=500ms");
    }

    /** The other regions, nearest to {@code region} first (by {@code distances}). */
    List<String> othersByDistance(String region) {
        return new RegionDistances(distances).nearestFirst(region,
                regions.stream().filter(other -> !other.equals(region)).toList());
    }

    /**
     * With one more replication rule, {@code PATTERN=MODE}: a path pattern and {@code none},
     * {@code push-popular} or {@code push-all}.
     *
     * @throws IllegalArgumentException naming what is wrong with the rule
     */
    public WorldConfig withReplication(String rule) {
        int eq = rule.lastIndexOf('=');
        String mode = eq < 0 ? "" : rule.substring(eq + 1);
        if (eq <= 0 || !rule.startsWith("/") || !List.of("none", "push-popular", "push-all").contains(mode)) {
            throw new IllegalArgumentException("--replicate must be PATTERN=MODE, a path pattern and none, push-popular "
                    + "or push-all (e.g. /hot/**=push-all), got '" + rule + "'");
        }
        List<String> rules = new java.util.ArrayList<>(replication);
        rules.add(rule);
        return new WorldConfig(originUrl, originPort, gatewayPort, controlPort, healthPort, dnsPort, regionalBasePort,
                nodeBasePort, regions, nodesPerRegion, maxBytes, distances, cidrs, invalidationPort, adminToken,
                emulateLatency, redis, shield, siblings, List.copyOf(rules), otlp);
    }

    /** The regions in the order their nodes start: the shield first, so that the others are given its nodes. */
    List<String> startOrder() {
        if (shield == null) {
            return regions;
        }
        List<String> order = new java.util.ArrayList<>(List.of(shield));
        regions.stream().filter(region -> !region.equals(shield)).forEach(order::add);
        return order;
    }

    static int portOrZero(int base, int index) {
        return base == 0 ? 0 : base + index;
    }
}
