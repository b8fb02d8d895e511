package dev.geocdn.gateway.routing.plan;

import dev.geocdn.protocol.topology.RendezvousHasher;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionDistances;
import dev.geocdn.protocol.topology.RegionStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 *
 * <p>Everything but the rendezvous order depends on the membership alone, which changes
 * seldom and is replaced whole when it does: it is worked out once per membership and client
 * region, so a request costs one hash per candidate node.
 */
public final class RoutePlanner {

    /** Whether hops are nodes or regional gateways. */
    public enum Mode { NODES, GATEWAYS }

    /** One region's candidates: its up nodes as hops, with their ids' hashes. */
    private record Candidates(List<Hop> hops, long[] idHashes) {
    }

    /** The candidates of one membership, per client region. */
    private record Prepared(Membership membership, Map<String, List<Candidates>> byClientRegion) {
    }

    private final RegionDistances distances;
    private final Mode mode;
    private volatile Prepared prepared = new Prepared(null, Map.of());

    public RoutePlanner(RegionDistances distances, Mode mode) {
        this.distances = distances;
        this.mode = mode;
    }

    public List<Hop> plan(Membership membership, String clientRegion, String cacheKey) {
        List<Candidates> regions = candidates(membership, clientRegion);
        if (regions.size() == 1 && mode == Mode.NODES) {
            Candidates only = regions.get(0);
            return RendezvousHasher.rank(cacheKey, only.hops(), only.idHashes(), Hop::target);
        }
        List<Hop> hops = new ArrayList<>();
        for (Candidates region : regions) {
            if (mode == Mode.GATEWAYS) {
                hops.addAll(region.hops());
            } else {
                hops.addAll(RendezvousHasher.rank(cacheKey, region.hops(), region.idHashes(), Hop::target));
            }
        }
        return hops;
    }

    private List<Candidates> candidates(Membership membership, String clientRegion) {
        Prepared current = prepared;
        if (current.membership() != membership) {
            current = new Prepared(membership, new ConcurrentHashMap<>());
            prepared = current;
        }
        return current.byClientRegion().computeIfAbsent(clientRegion, region -> prepare(membership, region));
    }

    private List<Candidates> prepare(Membership membership, String clientRegion) {
        List<Candidates> all = new ArrayList<>();
        for (String name : distances.nearestFirst(clientRegion, membership.upRegions())) {
            RegionStatus region = membership.region(name).orElseThrow();
            List<Hop> hops = new ArrayList<>();
            if (mode == Mode.GATEWAYS) {
                if (region.gateway() != null) {
                    hops.add(new Hop(name, "gateway:" + name, region.gateway()));
                }
            } else {
                for (NodeStatus node : region.upNodes()) {
                    hops.add(new Hop(name, node.id(), node.url()));
                }
            }
            if (hops.isEmpty()) {
                continue;
            }
            long[] idHashes = new long[hops.size()];
            for (int i = 0; i < idHashes.length; i++) {
                idHashes[i] = RendezvousHasher.idHash(hops.get(i).target());
            }
            all.add(new Candidates(List.copyOf(hops), idHashes));
        }
        return List.copyOf(all);
    }

    public Mode mode() {
        return mode;
    }
}
