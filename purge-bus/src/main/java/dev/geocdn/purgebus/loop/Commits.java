package dev.geocdn.purgebus.loop;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * A group reader's commits: an offset is committed only once every record before it is done
 * ({@link DoneOffsets}). Asynchronously after each poll (a failed commit is offered again after
 * the next), synchronously before partitions are revoked and before the consumer closes.
 * Confined to the loop's thread, as the consumer is.
 */
final class Commits {

    private final String name;
    private final Logger log;
    private final DoneOffsets offsets;
    private final Duration timeout;
    private final FailureRun failures;

    Commits(String name, Logger log, DoneOffsets offsets, Duration timeout) {
        this.name = name;
        this.log = log;
        this.offsets = offsets;
        this.timeout = timeout;
        this.failures = new FailureRun(log, Level.WARN);
    }

    /** Commits what is done, without waiting; the outcome arrives in a later poll. */
    void afterPoll(KafkaConsumer<String, ?> consumer) {
        Map<TopicPartition, OffsetAndMetadata> done = offsets.toCommit(offsets.partitions(), consumer::position);
        if (!done.isEmpty()) {
            consumer.commitAsync(done, this::outcome);
        }
    }

    private void outcome(Map<TopicPartition, OffsetAndMetadata> committed, Exception error) {
        if (error == null) {
            failures.end();
            return;
        }
        offsets.commitFailed(committed);
        failures.failed("{}: offsets not committed, tried again after the next poll: {}", name, error.toString());
    }

    /** Commits what is done in {@code partitions} before the group takes them away; a failure is replayed later. */
    void beforeRevoke(KafkaConsumer<String, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> done = offsets.toCommit(partitions, consumer::position);
        if (done.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(done, timeout);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("{}: offsets of {} not committed before they were revoked (replayed): {}", name, partitions,
                    e.toString());
        }
    }

    /**
     * Commits what is done before the consumer closes, tried twice: the first try may meet the
     * wakeup that asked the loop to stop. A failure here only means a replay after the restart.
     */
    void beforeClose(KafkaConsumer<String, ?> consumer) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Map<TopicPartition, OffsetAndMetadata> done = Map.of();
            try {
                done = offsets.toCommit(offsets.partitions(), consumer::position);
                if (!done.isEmpty()) {
                    consumer.commitSync(done, timeout);
                }
                return;
            } catch (WakeupException e) {
                offsets.commitFailed(done);
            }
        }
    }
}
