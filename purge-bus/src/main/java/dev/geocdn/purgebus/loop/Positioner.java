package dev.geocdn.purgebus.loop;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Carries out a {@link Positioning} on the loop's consumer: joins the group or assigns the
 * partitions, and gives new partitions their positions. Runs on the loop's thread only; a Kafka
 * error thrown from it is retried by the loop, and the next call picks up where this one failed.
 */
interface Positioner {

    /** Called before every poll: subscribes or assigns, positions what is new, looks for new partitions. */
    void beforePoll(KafkaConsumer<String, ?> consumer, Instant now);

    /** Whether the loop commits what its handler has done (only a group has offsets to commit). */
    boolean commits();

    /** What the loop is told as partitions come and go. */
    interface Positions {

        /**
         * {@code starts} got their positions (already committed, for a group); {@code ends}
         * are their end offsets at that moment.
         */
        void positioned(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends);

        /**
         * {@code partitions} are no longer read; {@code owned} when the reader still owns them
         * and may commit what is done, false when the group has already given them to another.
         */
        void released(Collection<TopicPartition> partitions, boolean owned);
    }

    static Positioner of(Positioning positioning, Positions positions, Duration callTimeout) {
        return switch (positioning) {
            case Positioning.InGroup group -> new GroupPositioner(group, positions, callTimeout);
            case Positioning.EveryPartition every -> new PartitionPositioner(every, positions, callTimeout);
        };
    }
}
