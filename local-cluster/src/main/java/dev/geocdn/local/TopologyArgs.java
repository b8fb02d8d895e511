package dev.geocdn.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The properties in which the services describe the world to each other, written one way for
 * all of them: every service that knows the nodes (gateways, health, invalidation) lists them as
 * {@code <prefix>.nodes[i].id|url|management}, and region distances and client CIDR blocks have
 * one shape too. Each service's builder only chooses the prefix.
 */
final class TopologyArgs {

    private TopologyArgs() {
    }

    /** A region's nodes, in order: {@code <regionPrefix>.nodes[i].id}, {@code .url} and {@code .management}. */
    static List<String> nodes(String regionPrefix, List<SpringPart> nodes) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            SpringPart node = nodes.get(i);
            String prefix = regionPrefix + ".nodes[" + i + "]";
            args.add(prefix + ".id=" + node.name());
            args.add(prefix + ".url=" + node.url());
            args.add(prefix + ".management=" + node.managementUrl());
        }
        return args;
    }

    /** Region-to-region RTT (ms): {@code <prefix>.<from>.<to>=<ms>}. */
    static List<String> distances(String prefix, Map<String, Map<String, Double>> distances) {
        List<String> args = new ArrayList<>();
        distances.forEach((from, row) -> row.forEach((to, ms) -> args.add(prefix + "." + from + "." + to + "=" + ms)));
        return args;
    }

    /** Client address blocks to regions: {@code <prefix>[<block>]=<region>}. */
    static List<String> cidrs(String prefix, Map<String, String> cidrs) {
        List<String> args = new ArrayList<>();
        cidrs.forEach((block, region) -> args.add(prefix + "[" + block + "]=" + region));
        return args;
    }

    /** A service's management port: its own port plus {@link WorldConfig#MANAGEMENT_OFFSET}, or free (0) with it. */
    static int managementPort(int port) {
        return port == 0 ? 0 : port + WorldConfig.MANAGEMENT_OFFSET;
    }
}
