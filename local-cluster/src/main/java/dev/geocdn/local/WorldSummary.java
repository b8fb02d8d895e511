package dev.geocdn.local;

import dev.geocdn.protocol.purge.PurgeTopics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the world describes itself: the state the control API answers ({@code GET /v1/world}),
 * and the text the command line prints once the world is up (every URL and port, the
 * invalidation API's token, where each node exports its metrics).
 */
final class WorldSummary {

    private WorldSummary() {
    }

    /** Every part, its URL and whether it runs, in a fixed order. */
    static Map<String, Object> state(LocalWorld world) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gateway", world.gatewayUrl());
        out.put("health", world.healthUrl());
        out.put("invalidation", world.invalidationUrl());
        out.put("kafka", world.kafkaBootstrapServers());
        out.put("redis", world.redisUrls());
        out.put("origin", Map.of("url", world.originUrl(), "running", world.origin() == null || world.origin().isRunning()));
        Map<String, Object> regions = new LinkedHashMap<>();
        for (String region : world.regions()) {
            SpringPart gw = world.regionalGateway(region);
            Map<String, Object> nodeStates = new LinkedHashMap<>();
            for (String id : world.nodeIds(region)) {
                SpringPart node = world.node(id);
                nodeStates.put(id, Map.of("url", node.url(), "running", node.isRunning()));
            }
            regions.put(region, Map.of("gateway", Map.of("url", gw.url(), "running", gw.isRunning()), "nodes", nodeStates));
        }
        out.put("regions", regions);
        out.put("shield", world.shield() == null ? "off" : world.shield());
        out.put("siblings", world.siblings() ? "on" : "off");
        out.put("replication", world.replication());
        out.put("interRegionBytes", world.interRegionBytes());
        return out;
    }

    /** The summary printed under the start-up progress. */
    static String describe(LocalWorld world) {
        StringBuilder out = new StringBuilder();
        out.append("GeoCDN local world\n");
        out.append(String.format("  global gateway   %s   (send requests here)%n", world.gatewayUrl()));
        out.append(String.format("  origin           %s%n", world.originUrl()));
        out.append(String.format("  invalidation API %s/v1/purge, %s/v1/warm   (Authorization: Bearer %s)%n",
                world.invalidationUrl(), world.invalidationUrl(), world.adminToken()));
        out.append(String.format("  dashboard        %s/   (regions, traffic, purges and failovers, live)%n",
                world.healthUrl()));
        out.append(String.format("  health service   %s/v1/regions, %s/v1/purge-watermarks%n", world.healthUrl(),
                world.healthUrl()));
        out.append(String.format("  geo-DNS          127.0.0.1:%d (UDP and TCP) for %s%n", world.dnsPort(),
                HealthArgs.DNS_NAME));
        out.append(String.format("  Kafka            %s (topics %s, %s)%n", world.kafkaBootstrapServers(),
                PurgeTopics.PURGES, PurgeTopics.ACKS));
        if (world.shield() != null) {
            out.append(String.format("  tiered fill      the other regions fill through %s (bytes per link: the control"
                    + " API's GET /v1/world)%n", world.shield()));
        }
        if (world.siblings()) {
            out.append(String.format("  siblings         before the origin, nodes ask the other regions for a copy%n"));
        }
        if (!world.replication().isEmpty()) {
            out.append(String.format("  replication      %s, between every region%n", String.join(", ", world.replication())));
        }
        Map<String, String> redis = world.redisUrls();
        for (String region : world.regions()) {
            SpringPart gw = world.regionalGateway(region);
            out.append(String.format("  %-8s gateway %s  management %s%n", region, gw.url(), gw.managementUrl()));
            if (redis.containsKey(region)) {
                out.append(String.format("    Redis tier    %s%n", redis.get(region)));
            }
            for (String id : world.nodeIds(region)) {
                SpringPart node = world.node(id);
                out.append(String.format("    node %-10s %s  management %s/actuator/prometheus%n",
                        id, node.url(), node.managementUrl()));
            }
        }
        return out.toString();
    }
}
