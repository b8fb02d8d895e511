package dev.geocdn.invalidation.progress;

import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The pure core of purge progress: from who had to apply a purge, who is live now and who
 * acknowledged, decide whether it is done and who is missing.
 *
 * <p>The rule (docs/architecture.md, "A purge", step 4):
 * <ol>
 *   <li>the nodes required are those up in the membership when the purge was accepted
 *       ({@link #liveNodes}); a node that comes up later is not required: it was not serving
 *       when the purge was accepted, and it replays the purge log from its committed offset;</li>
 *   <li>a required node that is not up now (down, or gone from the membership) is not waited
 *       for any more: its state is {@code DOWN}. If it comes back up before the purge is done, it
 *       is waited for again, since it serves traffic again;</li>
 *   <li>the purge is done when every required node that is up now has acknowledged it. With no
 *       node required at all, it is done at once.</li>
 * </ol>
 * Acknowledgements from nodes that were not required are shown as applied, not required.
 */
public final class PurgeProgress {

    private PurgeProgress() {
    }

    /** Region name to the ids of its nodes that are up (whatever the region's own state: its gateway may be what failed). */
    public static Map<String, List<String>> liveNodes(Membership membership) {
        Map<String, List<String>> live = new TreeMap<>();
        for (RegionStatus region : membership.regions()) {
            List<String> up = region.upNodes().stream().map(NodeStatus::id).toList();
            if (!up.isEmpty()) {
                live.put(region.name(), up);
            }
        }
        return live;
    }

    /** Whether a node is up in {@code membership}; a node it does not know is not. */
    public static Predicate<String> isUp(Membership membership) {
        return id -> membership.node(id).map(NodeStatus::isUp).orElse(false);
    }

    /**
     * @param required region to the nodes live when the purge was accepted
     * @param upNow    whether a node is up now
     * @param acks     node id to its acknowledgement
     */
    public static Progress evaluate(Map<String, List<String>> required, Predicate<String> upNow,
                                    Map<String, Applied> acks) {
        SortedMap<String, SortedMap<String, NodeProgress>> regions = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> region : new TreeMap<>(required).entrySet()) {
            SortedMap<String, NodeProgress> nodes = regions.computeIfAbsent(region.getKey(), k -> new TreeMap<>());
            for (String node : region.getValue()) {
                Applied ack = acks.get(node);
                if (ack != null) {
                    nodes.put(node, NodeProgress.applied(ack, true));
                } else if (upNow.test(node)) {
                    nodes.put(node, NodeProgress.pending());
                } else {
                    nodes.put(node, NodeProgress.down());
                }
            }
        }
        for (Applied ack : acks.values()) {
            boolean wasRequired = required.values().stream().anyMatch(nodes -> nodes.contains(ack.nodeId()));
            if (!wasRequired) {
                regions.computeIfAbsent(ack.region(), k -> new TreeMap<>()).put(ack.nodeId(), NodeProgress.applied(ack, false));
            }
        }
        regions.forEach((region, nodes) -> nodes.forEach((node, progress) -> {
            if (progress.state() == NodeProgress.State.PENDING) {
                missing.add(node);
            }
        }));
        return new Progress(missing.isEmpty(), missing, regions);
    }
}
