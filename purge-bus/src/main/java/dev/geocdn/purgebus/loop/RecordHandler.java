package dev.geocdn.purgebus.loop;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a {@link ConsumerLoop} hands its records to. Every method runs on the loop's own thread,
 * one call at a time, so a handler needs no locking for its own state.
 *
 * <p>A record is <em>done</em> when the handler says so on {@link Done}: at once, from
 * {@link #handle}, or later, from {@link #due}, for a handler that holds records (the node holds
 * a purge's record until its acknowledgement is written). The loop commits an offset only when
 * every record before it is done, so a crash replays what was held and never skips it.
 *
 * @param <V> the records' values (never {@code null} here: unreadable records are skipped)
 */
@FunctionalInterface
public interface RecordHandler<V> {

    /** Takes one record, in log order within its partition; marks it done now or from a later {@link #due}. */
    void handle(ConsumerRecord<String, V> record, Done done);

    /**
     * Called after every poll, with or without records: finishes the held work that is due at
     * {@code now}, marking its records done.
     *
     * @return when held work is next due (the loop polls no longer than that), or empty when
     *         nothing is held
     */
    default Optional<Instant> due(Instant now, Done done) {
        return Optional.empty();
    }

    /** A handler that finishes each record before it returns: the record is done at once. */
    static <V> RecordHandler<V> completing(Consumer<ConsumerRecord<String, V>> action) {
        return (record, done) -> {
            action.accept(record);
            done.done(record);
        };
    }

    /** Where a handler says that records are done; used on the loop's thread only. */
    @FunctionalInterface
    interface Done {

        /** The record at {@code offset} of {@code partition} is finished with. */
        void done(TopicPartition partition, long offset);

        /** {@code record} is finished with. */
        default void done(ConsumerRecord<?, ?> record) {
            done(new TopicPartition(record.topic(), record.partition()), record.offset());
        }
    }
}
