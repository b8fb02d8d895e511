package dev.geocdn.purgebus.loop;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Which offsets are done, per partition: the records handed to the handler and not done yet,
 * and what was last committed. A partition is done up to its lowest record not done, or, with
 * none outstanding, up to the consumer's position (which also passes over skipped records and
 * gaps in the offsets). Records may be done in any order; the committable offset only moves past
 * a record once it and every record before it are done.
 *
 * <p>Confined to the loop's thread: not thread-safe, and no I/O (positions are passed in).
 */
final class DoneOffsets implements RecordHandler.Done {

    /** Offsets handed to the handler and not done yet, per partition read. */
    private final Map<TopicPartition, TreeSet<Long>> outstanding = new HashMap<>();
    /** The offset last committed (or being committed), per partition read. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** Starts tracking {@code partition}, whose offset {@code start} is committed already (or needs no commit). */
    void track(TopicPartition partition, long start) {
        outstanding.computeIfAbsent(partition, p -> new TreeSet<>());
        committed.put(partition, start);
    }

    /** Stops tracking partitions no longer read; their outstanding records are forgotten. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> {
            outstanding.remove(p);
            committed.remove(p);
        });
    }

    /** The record at {@code offset} went to the handler and is not done yet. */
    void handed(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = outstanding.get(partition);
        if (offsets != null) {
            offsets.add(offset);
        }
    }

    @Override
    public void done(TopicPartition partition, long offset) {
        TreeSet<Long> offsets = outstanding.get(partition);
        if (offsets != null) {
            offsets.remove(offset);
        }
    }

    /** The partitions tracked. */
    Collection<TopicPartition> partitions() {
        return outstanding.keySet();
    }

    /** The offset up to which {@code partition} is done: its lowest record not done, else {@code position}. */
    long doneUpTo(TopicPartition partition, long position) {
        TreeSet<Long> offsets = outstanding.get(partition);
        return offsets == null || offsets.isEmpty() ? position : Math.min(offsets.first(), position);
    }

    /**
     * The offsets to commit: each of {@code partitions} that is tracked and done further than its
     * last commit. They count as committed from here on; {@link #commitFailed} takes that back.
     */
    Map<TopicPartition, OffsetAndMetadata> toCommit(Collection<TopicPartition> partitions,
                                                    ToLongFunction<TopicPartition> position) {
        Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>();
        for (TopicPartition partition : partitions) {
            if (!outstanding.containsKey(partition)) {
                continue;
            }
            long upTo = doneUpTo(partition, position.applyAsLong(partition));
            if (upTo > committed.getOrDefault(partition, -1L)) {
                due.put(partition, new OffsetAndMetadata(upTo));
                committed.put(partition, upTo);
            }
        }
        return due;
    }

    /** A commit of {@code offsets} failed: they are offered again by the next {@link #toCommit}. */
    void commitFailed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> committed.computeIfPresent(partition,
                (p, last) -> last == offset.offset() ? -1L : last));
    }
}
