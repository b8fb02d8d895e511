package dev.geocdn.node.purge;

import dev.geocdn.protocol.hlc.HybridLogicalClock;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * Applies one purge read from the log to this node (docs/architecture.md, "A purge", step 5): advances
 * the node's hybrid logical clock past the purge's time, purges the cache at that time, counts
 * it, and names it in the acknowledgement to write, with the partition and offset it came from.
 *
 * <p>A purge stamped more than the clock's maximum offset ahead of this machine is still
 * applied, at the node's own time, with a warning: refusing it would leave stale content.
 */
final class PurgeRecordApplier {

    private static final Logger LOG = LoggerFactory.getLogger(PurgeRecordApplier.class);

    private final String nodeId;
    private final String region;
    private final HybridLogicalClock hlc;
    private final PurgeApplier cache;
    private final PurgeMetrics metrics;
    private final Clock clock;

    PurgeRecordApplier(String nodeId, String region, HybridLogicalClock hlc, PurgeApplier cache, PurgeMetrics metrics,
                       Clock clock) {
        this.nodeId = nodeId;
        this.region = region;
        this.hlc = hlc;
        this.cache = cache;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Applies the purge in {@code record}; returns its acknowledgement. */
    PurgeAck apply(ConsumerRecord<String, PurgeCommand> record) {
        PurgeCommand purge = record.value();
        long appliedHlc;
        try {
            appliedHlc = hlc.update(purge.hlc());
        } catch (HybridLogicalClock.ClockOffsetException e) {
            LOG.warn("purge {}: {}; applied at this node's own time", purge.id(), e.getMessage());
            appliedHlc = hlc.now();
        }
        long removed = cache.apply(purge, appliedHlc);
        Instant appliedAt = clock.instant();
        metrics.applied(purge, removed, appliedAt.toEpochMilli() - record.timestamp());
        return new PurgeAck(purge.id(), purge.hlc(), nodeId, region, appliedHlc, appliedAt, removed,
                record.partition(), record.offset());
    }
}
