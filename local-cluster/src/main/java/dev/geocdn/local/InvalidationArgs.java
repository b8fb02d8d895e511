package dev.geocdn.local;

import dev.geocdn.invalidation.InvalidationApplication;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * How the invalidation service (the purge and warming API) starts: one admin token with the purge, warm and read
 * scopes, the purge log, the health service's membership, and every node (for strong purges,
 * which wait for each live node's acknowledgement).
 */
final class InvalidationArgs {

    /** The admin token's request rate limit: one operator on a laptop, and benchmarks measure the purge path, not the limiter. */
    private static final int RATE_LIMIT = 100_000;

    private InvalidationArgs() {
    }

    /** The token given with {@code --admin-token}, or a random one (48 hex digits) to print. */
    static String adminToken(WorldConfig config) {
        if (config.adminToken() != null) {
            return config.adminToken();
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The service {@code invalidation}. */
    static SpringPart part(WorldConfig config, String adminToken, Map<String, List<SpringPart>> nodes,
                           String kafkaBootstrapServers, String healthUrl) {
        List<String> args = new ArrayList<>(List.of(SpringPart.NOT_A_GATEWAY,
                "--cdn.invalidation.tokens[0].name=admin",
                "--cdn.invalidation.tokens[0].secret=" + adminToken,
                "--cdn.invalidation.tokens[0].scopes=purge,warm,read",
                "--cdn.invalidation.tokens[0].rate.limit=" + RATE_LIMIT,
                "--cdn.invalidation.kafka.bootstrap-servers=" + kafkaBootstrapServers,
                "--cdn.invalidation.membership.health-service-url=" + healthUrl));
        nodes.forEach((region, regionNodes) ->
                args.addAll(TopologyArgs.nodes("--cdn.invalidation.regions." + region, regionNodes)));
        return new SpringPart("invalidation", InvalidationApplication.class, config.invalidationPort(),
                TopologyArgs.managementPort(config.invalidationPort()), args);
    }
}
