package dev.geocdn.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the global and the regional gateways are both given: where the health service's
 * membership is, every region's nodes, and the distances between regions.
 */
final class GatewayArgs {

    private GatewayArgs() {
    }

    static List<String> topology(WorldConfig config, Map<String, List<SpringPart>> nodes, String healthUrl) {
        List<String> args = new ArrayList<>();
        args.add("--cdn.gateway.membership.health-service-url=" + healthUrl);
        nodes.forEach((region, regionNodes) ->
                args.addAll(TopologyArgs.nodes("--cdn.gateway.regions." + region, regionNodes)));
        args.addAll(TopologyArgs.distances("--cdn.gateway.distances", config.distances()));
        return args;
    }
}
