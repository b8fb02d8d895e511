package dev.geocdn.invalidation.progress;

import java.util.List;
import java.util.SortedMap;

/**
 * Where a purge stands: a value, computed by {@link PurgeProgress#evaluate}.
 *
 * @param done    every required node that is still live has applied it
 * @param missing the required nodes still live that have not (sorted by region, then node)
 * @param regions region name to node id to that node's progress, both sorted by name
 */
public record Progress(boolean done, List<String> missing, SortedMap<String, SortedMap<String, NodeProgress>> regions) {

    public Progress {
        missing = List.copyOf(missing);
    }

    /** How many nodes acknowledged it, required or not. */
    public long appliedCount() {
        return regions.values().stream().flatMap(nodes -> nodes.values().stream())
                .filter(n -> n.state() == NodeProgress.State.APPLIED).count();
    }

    /** How many nodes the purge waited for at acceptance. */
    public long requiredCount() {
        return regions.values().stream().flatMap(nodes -> nodes.values().stream())
                .filter(NodeProgress::required).count();
    }
}
