package dev.geocdn.node.purge;

import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.purgebus.loop.RecordHandler;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The node's acknowledgements (docs/architecture.md, "A purge", step 6). Each applied purge's
 * {@link PurgeAck} is held for the emulated trip back to the log, in the order the purges were
 * applied; when due it is written, and only once the writer has flushed it is the purge's record
 * marked done, so that the reader commits its offset after the acknowledgement is written. A
 * crash in between replays those purges (they are idempotent) and never loses an
 * acknowledgement.
 *
 * <p>Not thread-safe: the purge log reader's thread owns it. Time is passed in.
 */
final class Acknowledgements {

    /** Where acknowledgements are written: the acknowledgement topic, in production. */
    interface Writer {

        /** Starts writing {@code ack}; a failure is the writer's to report. */
        void send(PurgeAck ack);

        /** Returns once everything sent so far is written (or has failed). */
        void flush();
    }

    private final Writer writer;
    private final DelayLine<Held> line = new DelayLine<>();

    Acknowledgements(Writer writer) {
        this.writer = writer;
    }

    /** Holds {@code ack}, of the purge at {@code offset} of {@code partition}, until {@code dueAt}. */
    void hold(PurgeAck ack, TopicPartition partition, long offset, Instant dueAt) {
        line.offer(new Held(ack, partition, offset), dueAt);
    }

    /**
     * Writes the acknowledgements due at {@code now}, in order, flushes them, and then marks
     * their records done.
     *
     * @return when the next held acknowledgement is due, or empty when none is held
     */
    Optional<Instant> release(Instant now, RecordHandler.Done done) {
        List<Held> due = line.due(now);
        if (!due.isEmpty()) {
            due.forEach(held -> writer.send(held.ack()));
            writer.flush();
            due.forEach(held -> done.done(held.partition(), held.offset()));
        }
        return line.nextDue();
    }

    /** Acknowledgements held and not written yet. */
    int held() {
        return line.size();
    }

    private record Held(PurgeAck ack, TopicPartition partition, long offset) {
    }
}
