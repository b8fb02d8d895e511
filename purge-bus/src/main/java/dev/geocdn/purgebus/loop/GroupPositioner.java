package dev.geocdn.purgebus.loop;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads in a consumer group: subscribes once, and positions each partition the group assigns
 * before anything is fetched from it, inside the rebalance callback.
 *
 * <p>A new partition's start is its committed offset, or the end of the log for a group that
 * never committed ({@code auto.offset.reset=latest}), and it is committed at once. Otherwise a
 * reader stopped before its first record would start at the (later) end again when it returns
 * and skip what it missed.
 *
 * <p>If positioning fails, the callback's error reaches the loop through {@code poll} before any
 * record of those partitions is returned, and the next {@link #beforePoll} positions them again.
 */
final class GroupPositioner implements Positioner, ConsumerRebalanceListener {

    private final Positioning.InGroup group;
    private final Positions positions;
    private final Duration timeout;
    /** Assigned partitions without a committed start yet. */
    private final Set<TopicPartition> unpositioned = new HashSet<>();
    private KafkaConsumer<String, ?> consumer;

    GroupPositioner(Positioning.InGroup group, Positions positions, Duration timeout) {
        this.group = group;
        this.positions = positions;
        this.timeout = timeout;
    }

    @Override
    public void beforePoll(KafkaConsumer<String, ?> consumer, Instant now) {
        if (this.consumer != consumer) {
            this.consumer = consumer;
            unpositioned.clear();
            consumer.subscribe(group.topics(), this);
        }
        if (!unpositioned.isEmpty()) {
            position();
        }
    }

    @Override
    public boolean commits() {
        return true;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        unpositioned.addAll(partitions);
        if (!unpositioned.isEmpty()) {
            position();
        }
    }

    private void position() {
        Map<TopicPartition, Long> starts = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (TopicPartition partition : unpositioned) {
            long start = consumer.position(partition, timeout);
            starts.put(partition, start);
            commit.put(partition, new OffsetAndMetadata(start));
        }
        consumer.commitSync(commit, timeout);
        Map<TopicPartition, Long> ends = consumer.endOffsets(unpositioned, timeout);
        unpositioned.clear();
        positions.positioned(starts, ends);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        unpositioned.removeAll(partitions);
        positions.released(partitions, true);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        unpositioned.removeAll(partitions);
        positions.released(partitions, false);
    }
}
