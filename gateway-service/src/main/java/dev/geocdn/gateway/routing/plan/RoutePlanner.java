package dev.geocdn.gateway.routing.plan;

import dev.geocdn.gateway.routing.hash.RendezvousHasher;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionDistances;
import dev.geocdn.protocol.topology.RegionStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a request goes, and where it goes next when that fails: a pure function of the
 * membership, the region that serves the client, and the cache key.
 *
 * <p>Two shapes (docs/architecture.md, "A GET"):
 * <ul>
 *   <li>{@link Mode#NODES} (a regional gateway): the healthy nodes of the client's region in
 *       rendezvous order for the key, then those of each next-nearest healthy region, so that
 *       a region whose nodes all died still has its clients served from the next one.</li>
 *   <li>{@link Mode#GATEWAYS} (the global entry gateway): the gateways of the healthy regions,
 *       nearest first; the regional gateway then picks the owner node.</li>
 * </ul>
 * Regions marked down are left out; a region is also skipped in {@code NODES} mode when none of
 * its nodes is up. An empty plan means no healthy region is left.
 */
public final class RoutePlanner {

    /** Whether hops are nodes or regional gateways. */
    public enum Mode { NODES, GATEWAYS }

    private final RegionDistances distances;
    private final Mode mode;

    public RoutePlanner(RegionDistances distances, Mode mode) {
        this.distances = distances;
        this.mode = mode;
    }

    public List<Hop> plan(Membership membership, String clientRegion, String cacheKey) {
        List<String> regions = distances.nearestFirst(clientRegion, membership.upRegions());
        List<Hop> hops = new ArrayList<>();
        for (String name : regions) {
            RegionStatus region = membership.region(name).orElseThrow();
            if (mode == Mode.GATEWAYS) {
                if (region.gateway() != null) {
                    hops.add(new Hop(name, "gateway:" + name, region.gateway()));
                }
                continue;
            }
            for (NodeStatus node : RendezvousHasher.rank(cacheKey, region.upNodes(), NodeStatus::id)) {
                hops.add(new Hop(name, node.id(), node.url()));
            }
        }
        return hops;
    }

    public Mode mode() {
        return mode;
    }
}
