package dev.geocdn.local;

import dev.geocdn.gateway.GatewayApplication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a region's gateway starts. Every regional gateway listens on the same port
 * ({@code --regional-port}) of its own loopback address, 127.0.N.254 for the N-th region, so
 * that a geo-DNS answer (an address) names a usable gateway.
 */
final class RegionalGatewayArgs {

    /** Regional gateways' management ports sit this far above their shared port (9191-9193), clear of Kafka's 9092. */
    static final int MANAGEMENT_OFFSET = 1100;

    private RegionalGatewayArgs() {
    }

    /**
     * The gateway {@code gw-<region>}.
     *
     * @param number the region's place in the world, from 1: its address and management port
     * @param nodes  every region's nodes (a regional gateway falls back to other regions' nodes)
     */
    static SpringPart part(WorldConfig config, String region, int number, Map<String, List<SpringPart>> nodes,
                           String healthUrl) {
        int port = config.regionalBasePort();
        List<String> args = new ArrayList<>(GatewayArgs.topology(config, nodes, healthUrl));
        args.add("--cdn.gateway.id=gw-" + region);
        args.add("--cdn.gateway.region=" + region);
        return new SpringPart("gw-" + region, GatewayApplication.class, "127.0." + number + ".254", port,
                port == 0 ? 0 : port + MANAGEMENT_OFFSET + number, args);
    }
}
