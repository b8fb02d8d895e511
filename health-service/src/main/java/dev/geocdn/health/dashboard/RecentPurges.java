package dev.geocdn.health.dashboard;

import dev.geocdn.protocol.hlc.HlcTime;
import dev.geocdn.protocol.purge.PurgeAck;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest purges and how long each region took to apply them, from the acknowledgements the
 * nodes write to the purge log (the same ones the watermarks are read from).
 *
 * <p>A purge's time is the physical part of its HLC time, stamped when the invalidation service
 * accepted it; a node's latency is its acknowledgement's {@code appliedAt} minus that, and a
 * region's is that of its slowest node so far: how long until every node of the region that
 * acknowledged had applied it. The count of acknowledging nodes beside it tells whether that is
 * the whole region. Both clocks are wall clocks of different machines, so a latency below the
 * clocks' skew is not meaningful; it is never shown below 0.
 *
 * <p>The acknowledgements are read from the start of the log, so after a restart the latest
 * purges are known again. Only the latest {@code capacity} purges (by HLC time) are kept; an
 * acknowledgement of an older one is dropped.
 *
 * <p>Thread-safe: acknowledgements arrive on the reader's thread, reads come from the web layer.
 */
public final class RecentPurges {

    /**
     * One purge.
     *
     * @param id        the purge's id
     * @param writtenAt when the invalidation service accepted it (its HLC time's wall clock part)
     * @param regions   per region that acknowledged it, in name order
     */
    public record Purge(String id, Instant writtenAt, List<RegionLatency> regions) {
    }

    /**
     * How one region applied one purge.
     *
     * @param region      the region's name
     * @param latencyMs   from the purge's acceptance to the slowest acknowledging node applying it
     * @param nodes       how many of the region's nodes acknowledged it
     */
    public record RegionLatency(String region, long latencyMs, int nodes) {
    }

    private record Entry(String id, long hlc, Map<String, Map<String, Long>> latencyByRegionAndNode) {
    }

    private final int capacity;
    private final Map<String, Entry> purges = new HashMap<>();

    /** Keeps the latest {@code capacity} purges. */
    public RecentPurges(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("keep at least one purge, not " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void record(PurgeAck ack) {
        Entry entry = purges.get(ack.purgeId());
        if (entry == null) {
            if (purges.size() >= capacity && ack.purgeHlc() <= oldest().hlc()) {
                return;
            }
            entry = new Entry(ack.purgeId(), ack.purgeHlc(), new TreeMap<>());
            purges.put(ack.purgeId(), entry);
            if (purges.size() > capacity) {
                purges.remove(oldest().id());
            }
        }
        Instant written = Instant.ofEpochMilli(HlcTime.physicalMillis(ack.purgeHlc()));
        long latency = Math.max(0, Duration.between(written, ack.appliedAt()).toMillis());
        entry.latencyByRegionAndNode().computeIfAbsent(ack.region(), r -> new HashMap<>())
                .merge(ack.nodeId(), latency, Math::max);
    }

    private Entry oldest() {
        return purges.values().stream().min(Comparator.comparingLong(Entry::hlc)).orElseThrow();
    }

    /** The kept purges, newest first. */
    public synchronized List<Purge> latest() {
        List<Purge> out = new ArrayList<>();
        purges.values().stream().sorted(Comparator.comparingLong(Entry::hlc).reversed()).forEach(entry -> {
            List<RegionLatency> regions = new ArrayList<>();
            entry.latencyByRegionAndNode().forEach((region, nodes) -> regions.add(new RegionLatency(region,
                    nodes.values().stream().mapToLong(Long::longValue).max().orElse(0), nodes.size())));
            out.add(new Purge(entry.id(), Instant.ofEpochMilli(HlcTime.physicalMillis(entry.hlc())),
                    List.copyOf(regions)));
        });
        return out;
    }
}
