package dev.geocdn.health.watermark;

import dev.geocdn.protocol.hlc.HlcTime;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far each node and region has applied the purge log: a version vector per region, one
 * entry per purge-log partition, so that an operator sees which region lags and by how much.
 *
 * <p>A node applies each partition in order and acknowledges each purge with its partition and
 * offset, so its latest acknowledgement per partition says it applied everything up to there.
 * A region's watermark is the minimum over its live nodes (what every node of the region has
 * applied: what a client of the region can rely on); its lag is the log's end minus that.
 * Nodes that are down are listed but do not hold their region back: they replay what they
 * missed before they serve again.
 *
 * <p>Pure and thread-safe (synchronized; acknowledgements arrive on one consumer thread and
 * reads are rare).
 */
public final class PurgeWatermarks {

    /** A node's position: per partition the next offset it has yet to apply, and its latest purge. */
    private record NodePosition(Map<Integer, Long> applied, long lastPurgeHlc, Instant lastAppliedAt) {
    }

    private final Map<String, NodePosition> nodes = new HashMap<>();

    /** Records an acknowledgement; an older one (lower offset) than already seen changes nothing. */
    public synchronized void record(PurgeAck ack) {
        NodePosition before = nodes.get(ack.nodeId());
        Map<Integer, Long> applied = before == null ? new HashMap<>() : new HashMap<>(before.applied());
        long next = ack.offset() + 1;
        if (applied.getOrDefault(ack.partition(), 0L) >= next) {
            return;
        }
        applied.put(ack.partition(), next);
        boolean newer = before == null || ack.purgeHlc() > before.lastPurgeHlc();
        nodes.put(ack.nodeId(), new NodePosition(Map.copyOf(applied),
                newer ? ack.purgeHlc() : before.lastPurgeHlc(), newer ? ack.appliedAt() : before.lastAppliedAt()));
    }

    /**
     * The watermarks against the log's end offsets per partition and the current membership.
     *
     * @param ends       the purge log's end offset per partition (the next offset to be written)
     * @param membership who is live
     */
    public synchronized Report report(Map<Integer, Long> ends, Membership membership) {
        Map<String, RegionReport> regions = new LinkedHashMap<>();
        for (RegionStatus region : membership.regions()) {
            Map<String, NodeReport> nodeReports = new LinkedHashMap<>();
            Map<Integer, Long> regionApplied = null;
            long regionLastHlc = Long.MAX_VALUE;
            for (NodeStatus node : region.nodes()) {
                NodePosition position = nodes.get(node.id());
                Map<Integer, Long> applied = new TreeMap<>();
                ends.keySet().forEach(p -> applied.put(p,
                        position == null ? 0L : position.applied().getOrDefault(p, 0L)));
                nodeReports.put(node.id(), new NodeReport(node.isUp(), applied, lag(ends, applied),
                        position == null ? null : HlcTime.format(position.lastPurgeHlc()),
                        position == null ? null : position.lastAppliedAt()));
                if (node.isUp()) {
                    regionApplied = regionApplied == null ? new TreeMap<>(applied) : min(regionApplied, applied);
                    regionLastHlc = Math.min(regionLastHlc, position == null ? 0 : position.lastPurgeHlc());
                }
            }
            Map<Integer, Long> watermark = regionApplied == null ? Map.of() : regionApplied;
            regions.put(region.name(), new RegionReport(region.isUp(), watermark,
                    regionApplied == null ? null : lag(ends, watermark),
                    regionApplied == null || regionLastHlc == 0 ? null : HlcTime.format(regionLastHlc), nodeReports));
        }
        return new Report(new TreeMap<>(ends), regions);
    }

    private static Map<Integer, Long> min(Map<Integer, Long> a, Map<Integer, Long> b) {
        Map<Integer, Long> out = new TreeMap<>(a);
        b.forEach((p, o) -> out.merge(p, o, Math::min));
        return out;
    }

    private static long lag(Map<Integer, Long> ends, Map<Integer, Long> applied) {
        long lag = 0;
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            lag += Math.max(0, end.getValue() - applied.getOrDefault(end.getKey(), 0L));
        }
        return lag;
    }

    /**
     * @param logEnd  the purge log's end offset per partition
     * @param regions each region's watermark
     */
    public record Report(Map<Integer, Long> logEnd, Map<String, RegionReport> regions) {
    }

    /**
     * @param up           whether the region is up
     * @param applied      per partition, the offset every live node of the region has applied up to
     *                     (exclusive): the region's version vector
     * @param lag          purges written but not yet applied by every live node (null: no live node)
     * @param lastPurgeHlc the HLC time of the latest purge every live node has applied
     * @param nodes        each node's own position
     */
    public record RegionReport(boolean up, Map<Integer, Long> applied, Long lag, String lastPurgeHlc,
                               Map<String, NodeReport> nodes) {
    }

    /**
     * @param up            whether the node is up (a down node does not hold its region back)
     * @param applied       per partition, the offset it applied up to (exclusive)
     * @param lag           purges it has yet to apply
     * @param lastPurgeHlc  the HLC time of the latest purge it applied
     * @param lastAppliedAt when it applied it
     */
    public record NodeReport(boolean up, Map<Integer, Long> applied, long lag, String lastPurgeHlc,
                             Instant lastAppliedAt) {
    }
}
