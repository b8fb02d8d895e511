package dev.geocdn.local;

import dev.geocdn.gateway.GatewayApplication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the global entry gateway starts: it knows every regional gateway and every node, and
 * places clients by source address ({@link WorldConfig#cidrs()}).
 */
final class GlobalGatewayArgs {

    private GlobalGatewayArgs() {
    }

    /** The gateway {@code gw-global}, once the regional gateways run (it is given their URLs). */
    static SpringPart part(WorldConfig config, Map<String, List<SpringPart>> nodes,
                           Map<String, SpringPart> regionalGateways, String healthUrl) {
        List<String> args = new ArrayList<>(GatewayArgs.topology(config, nodes, healthUrl));
        regionalGateways.forEach((region, gateway) ->
                args.add("--cdn.gateway.regions." + region + ".gateway=" + gateway.url()));
        args.add("--cdn.gateway.id=gw-global");
        args.addAll(TopologyArgs.cidrs("--cdn.gateway.placement.cidrs", config.cidrs()));
        return new SpringPart("gw-global", GatewayApplication.class, config.gatewayPort(),
                TopologyArgs.managementPort(config.gatewayPort()), args);
    }
}
