package dev.geocdn.invalidation.support;

import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;

import java.time.Instant;
import java.util.List;

/** Membership snapshots as the health service would publish them. */
public final class Memberships {

    private Memberships() {
    }

    /** The next version of {@code m}, with {@code node} in {@code state}. */
    public static Membership withNode(Membership m, String node, State state) {
        Instant now = Instant.now();
        List<RegionStatus> regions = m.regions().stream().map(r -> new RegionStatus(r.name(), r.gateway(), r.state(),
                r.reason(), r.since(), r.nodes().stream()
                .map(n -> n.id().equals(node) ? n.with(state, state == State.UP ? "probes pass" : "3 probes failed", now) : n)
                .toList())).toList();
        return new Membership(m.version() + 1, now, regions);
    }
}
