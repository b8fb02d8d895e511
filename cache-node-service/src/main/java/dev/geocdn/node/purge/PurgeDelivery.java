package dev.geocdn.node.purge;

import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.purgebus.loop.RecordHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the node does with each purge the log hands it: holds it for the emulated trip from the
 * log ({@link DelayLine}), applies it ({@link PurgeRecordApplier}), and passes its
 * acknowledgement on ({@link Acknowledgements}), which marks the record done once the
 * acknowledgement is written.
 *
 * <p>The emulated one-way delay (zero in production) is counted from when the purge was written
 * to the log, so a burst of purges is delayed once, not once per purge; the acknowledgement then
 * waits as long again, as if it travelled back. Nothing here sleeps: the consumer loop calls
 * {@link #due} when the next held item is due.
 *
 * <p>A purge that fails to apply is logged and counted as done, so that it never holds the log
 * back; it is not acknowledged, and a strong purge reports this node as missing.
 */
final class PurgeDelivery implements RecordHandler<PurgeCommand> {

    private static final Logger LOG = LoggerFactory.getLogger(PurgeDelivery.class);

    private final PurgeRecordApplier applier;
    private final Acknowledgements acknowledgements;
    private final Supplier<Duration> oneWayDelay;
    private final DelayLine<ConsumerRecord<String, PurgeCommand>> arriving = new DelayLine<>();
    /** Purges applied so far; written by the reader's thread, read by any. */
    private final AtomicLong applied = new AtomicLong();

    /**
     * @param oneWayDelay the emulated delay between this node and the log, read as each purge
     *                    arrives and as it is applied
     */
    PurgeDelivery(PurgeRecordApplier applier, Acknowledgements acknowledgements, Supplier<Duration> oneWayDelay) {
        this.applier = applier;
        this.acknowledgements = acknowledgements;
        this.oneWayDelay = oneWayDelay;
    }

    /** How many purges this node has applied since it started. */
    long applied() {
        return applied.get();
    }

    @Override
    public void handle(ConsumerRecord<String, PurgeCommand> record, Done done) {
        Duration delay = oneWayDelay.get();
        arriving.offer(record, delay.isZero() ? DelayLine.AT_ONCE : Instant.ofEpochMilli(record.timestamp()).plus(delay));
    }

    @Override
    public Optional<Instant> due(Instant now, Done done) {
        for (ConsumerRecord<String, PurgeCommand> record : arriving.due(now)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            PurgeAck ack;
            try {
                ack = applier.apply(record);
                applied.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.error("purge {} at {} offset {} could not be applied; skipped", record.value().id(), partition,
                        record.offset(), e);
                done.done(partition, record.offset());
                continue;
            }
            Duration delay = oneWayDelay.get();
            acknowledgements.hold(ack, partition, record.offset(),
                    delay.isZero() ? DelayLine.AT_ONCE : ack.appliedAt().plus(delay));
        }
        Optional<Instant> acks = acknowledgements.release(now, done);
        Optional<Instant> purges = arriving.nextDue();
        if (acks.isEmpty() || purges.isEmpty()) {
            return acks.isEmpty() ? purges : acks;
        }
        return Optional.of(acks.get().isBefore(purges.get()) ? acks.get() : purges.get());
    }
}
