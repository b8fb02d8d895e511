package dev.geocdn.local;

import dev.geocdn.node.NodeApplication;

import java.util.ArrayList;
import java.util.List;

/**
 * How one cache node of the local world starts: its ports and the {@code cdn.*} properties a
 * deployed node would be given (origin, region and id, cache size, the purge log, the Redis tier
 * when the world runs one, the shield region's nodes when it has one, the sibling regions
 * nearest first when asked for). Nodes take
 * consecutive ports from {@code --node-port}, region by region.
 */
final class NodeArgs {

    private NodeArgs() {
    }

    /**
     * The node {@code <region>-<n>}.
     *
     * @param index    the node's place in the whole world (0 for the first region's first node), for its port
     * @param redisUrl its region's Redis, the node's persistence tier, or null for none
     * @param shieldNodes the shield region's nodes, started already (empty without a shield)
     * @param healthUrl  the health service, which says which other nodes are up
     * @param clusterSecret the credential of replication between the world's nodes
     */
    static SpringPart part(WorldConfig config, String region, String id, int index, String originUrl,
                           String kafkaBootstrapServers, String redisUrl, List<SpringPart> shieldNodes,
                           String healthUrl, String clusterSecret) {
        int port = WorldConfig.portOrZero(config.nodeBasePort(), index);
        List<String> args = new ArrayList<>(List.of(
                "--cdn.origin.url=" + originUrl, "--cdn.region=" + region, "--cdn.node-id=" + id,
                "--cdn.cache.max-bytes=" + config.maxBytes(),
                "--cdn.purge.bootstrap-servers=" + kafkaBootstrapServers,
                SpringPart.NOT_A_GATEWAY));
        if (redisUrl != null) {
            args.add("--cdn.tier.redis.url=" + redisUrl);
        }
        if (config.shield() != null) {
            // every region gets the same rule; the shield's own nodes read it as "the origin"
            args.add("--cdn.shield.rules[0].paths=/**");
            args.add("--cdn.shield.rules[0].region=" + config.shield());
            args.addAll(TopologyArgs.nodes("--cdn.peers.regions." + config.shield(), shieldNodes));
        }
        if (config.siblings()) {
            args.add("--cdn.shield.siblings=" + String.join(",", config.othersByDistance(region)));
        }
        for (int i = 0; i < config.replication().size(); i++) {
            String rule = config.replication().get(i);
            int eq = rule.lastIndexOf('=');
            args.add("--cdn.replication.rules[" + i + "].paths=" + rule.substring(0, eq));
            args.add("--cdn.replication.rules[" + i + "].mode=" + rule.substring(eq + 1));
        }
        if (config.shield() != null || config.siblings() || !config.replication().isEmpty()) {
            args.add("--cdn.peers.health-service-url=" + healthUrl);
            args.add("--cdn.peers.secret=" + clusterSecret);
        }
        return new SpringPart(id, NodeApplication.class, port, TopologyArgs.managementPort(port), args);
    }
}
