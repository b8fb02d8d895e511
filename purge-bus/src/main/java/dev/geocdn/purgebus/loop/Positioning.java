package dev.geocdn.purgebus.loop;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link ConsumerLoop} reads from, and whether it commits: in a consumer group of its
 * own, or every partition without a group.
 */
public sealed interface Positioning permits Positioning.InGroup, Positioning.EveryPartition {

    /**
     * Reads {@code topics} in the consumer group {@code groupId}, committing what the handler
     * has done. A group with no committed offset (a new reader) starts at the end of the log
     * and commits that start at once; a known group resumes from its committed offsets, so a
     * reader that was away replays what it missed.
     */
    static InGroup inGroup(String groupId, String... topics) {
        return new InGroup(groupId, List.of(topics));
    }

    /**
     * Reads every partition of {@code topics} without a consumer group: no group join, no
     * rebalance, nothing committed. Starts at {@code from}; partitions added later are found
     * within {@code refresh} and read from their beginning.
     */
    static EveryPartition everyPartition(Start from, Duration refresh, String... topics) {
        return new EveryPartition(List.of(topics), from, refresh, null);
    }

    /** Where a reader without a group starts. */
    enum Start {
        /** The oldest record the log still holds: the reader learns the whole retained history. */
        BEGINNING,
        /** The end as of positioning: the reader sees what is written afterwards. */
        END
    }

    /**
     * @param groupId the consumer group, stable across restarts
     * @param topics  the topics read
     */
    record InGroup(String groupId, List<String> topics) implements Positioning {
        public InGroup {
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("a group reader needs a group id");
            }
            topics = requireTopics(topics);
        }
    }

    /**
     * @param topics  the topics read, every partition of each
     * @param from    where reading starts
     * @param refresh how often the topics' partitions are looked up again
     * @param prepare run once on the loop's thread before the partitions are first looked up
     *                (topic creation), retried like any Kafka call until it succeeds; or null
     */
    record EveryPartition(List<String> topics, Start from, Duration refresh, Runnable prepare) implements Positioning {
        public EveryPartition {
            topics = requireTopics(topics);
            Objects.requireNonNull(from, "from");
            if (refresh == null || refresh.isNegative() || refresh.isZero()) {
                throw new IllegalArgumentException("the partition refresh must be positive: " + refresh);
            }
        }

        /** The same positioning, with {@code step} run before the partitions are first looked up. */
        public EveryPartition preparedBy(Runnable step) {
            return new EveryPartition(topics, from, refresh, step);
        }
    }

    private static List<String> requireTopics(List<String> topics) {
        if (topics == null || topics.isEmpty() || topics.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw new IllegalArgumentException("a reader needs at least one topic, and no blank one: " + topics);
        }
        return List.copyOf(topics);
    }
}
