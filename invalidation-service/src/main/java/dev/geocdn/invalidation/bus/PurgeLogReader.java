package dev.geocdn.invalidation.bus;

import dev.geocdn.invalidation.progress.Applied;
import dev.geocdn.invalidation.progress.PurgeTracker;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.purgebus.JsonSerde;
import dev.geocdn.purgebus.PurgeBusSettings;
import dev.geocdn.purgebus.PurgeBusTopics;
import dev.geocdn.purgebus.loop.ConsumerLoop;
import dev.geocdn.purgebus.loop.Pacing;
import dev.geocdn.purgebus.loop.Positioning;
import dev.geocdn.purgebus.loop.RecordHandler;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads the acknowledgement log (and the purge log, for purges other instances wrote) into the
 * {@link PurgeTracker}, on purge-bus's {@link ConsumerLoop}.
 *
 * <p><b>From the end, without a group.</b> The reader assigns itself every partition of both
 * topics and seeks to their ends: acknowledgements of purges from before this instance started
 * mean nothing to it, and without a consumer group there is no group join (seconds with the
 * classic protocol), no rebalance, and nothing committed. Every instance reads everything, so
 * any instance can show any recent purge. Partitions added later are found within
 * {@link #PARTITION_REFRESH} and read from their beginning.
 *
 * <p><b>Ready.</b> Until it has positions on every partition it is not {@link #isReady()
 * ready}, and strong purges are refused with 503: an acknowledgement written before the
 * positions exist would be missed, and the purge would wait for it in vain. Eventual purges do
 * not need it.
 *
 * <p><b>Failure.</b> Kafka unreachable at start-up: topic creation (when configured) and
 * positioning are retried, from {@code retry} apart, until they succeed; the service runs
 * meanwhile, answering 503. A Kafka error while reading is retried the same way; the consumer
 * keeps its positions. Unreadable records are skipped ({@link JsonSerde}).
 *
 * <p>Each acknowledgement also advances the service's hybrid logical clock past the node's
 * time, so later purges are stamped after what the nodes have seen.
 */
public final class PurgeLogReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PurgeLogReader.class);
    /** How long one poll waits for records. */
    static final Duration POLL = Duration.ofMillis(200);
    /** How often the topics' partitions are looked up again. */
    static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);
    /** The longest wait between retries while Kafka stays unreachable (unless {@code retry} is longer). */
    static final Duration MAX_RETRY = Duration.ofSeconds(2);

    private final PurgeTracker tracker;
    private final HybridLogicalClock hlc;
    private final Consumer<Applied> onApplied;
    private final ConsumerLoop<Object> loop;

    /**
     * @param settings     the purge log
     * @param createTopics whether to create the topics when missing
     * @param retry        the wait before retrying after a Kafka error (growing to
     *                     {@link #MAX_RETRY} while errors go on), and the timeout of each
     *                     blocking Kafka call
     * @param tracker      where purges and acknowledgements go
     * @param hlc          the service's clock, advanced past every node time read
     * @param clock        wall clock, for the partition refresh
     * @param onApplied    told of every first acknowledgement of a known purge (metrics)
     */
    public PurgeLogReader(PurgeBusSettings settings, boolean createTopics, Duration retry, PurgeTracker tracker,
                          HybridLogicalClock hlc, Clock clock, Consumer<Applied> onApplied) {
        this.tracker = tracker;
        this.hlc = hlc;
        this.onApplied = onApplied;
        Positioning.EveryPartition fromTheEnd = Positioning.everyPartition(Positioning.Start.END, PARTITION_REFRESH,
                settings.purgesTopic(), settings.acksTopic());
        Map<String, Object> client = settings.clientProperties(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "geocdn-invalidation-reader-" + UUID.randomUUID()));
        Pacing pacing = new Pacing(POLL, retry, retry, retry.compareTo(MAX_RETRY) > 0 ? retry : MAX_RETRY);
        this.loop = new ConsumerLoop<>("geocdn-purge-log-reader", client, byTopic(settings),
                createTopics ? fromTheEnd.preparedBy(() -> PurgeBusTopics.ensure(adminSettings(settings, retry), retry))
                        : fromTheEnd,
                RecordHandler.completing(this::handle), pacing, clock);
    }

    /** Acknowledgements from the acknowledgement topic, purges from the other; null when unreadable. */
    private static Deserializer<Object> byTopic(PurgeBusSettings settings) {
        JsonSerde<PurgeAck> acks = new JsonSerde<>(PurgeAck.class);
        JsonSerde<PurgeCommand> purges = new JsonSerde<>(PurgeCommand.class);
        return (topic, data) -> topic.equals(settings.acksTopic())
                ? acks.deserialize(topic, data) : purges.deserialize(topic, data);
    }

    public void start() {
        loop.start();
    }

    /** Whether every partition of both topics has a position: acknowledgements are not missed. */
    public boolean isReady() {
        return loop.isPositioned();
    }

    /** Why it is not ready, or the last error while reading; empty when none. */
    public String lastError() {
        return loop.lastError();
    }

    private void handle(ConsumerRecord<String, Object> record) {
        switch (record.value()) {
            case PurgeAck ack -> {
                advanceClock(ack.appliedHlc(), "node " + ack.nodeId());
                tracker.acknowledge(ack).ifPresent(onApplied);
            }
            case PurgeCommand purge -> {
                advanceClock(purge.hlc(), "purge " + purge.id());
                tracker.observe(purge);
            }
            default -> log.debug("ignoring a {} on {}", record.value().getClass().getSimpleName(), record.topic());
        }
    }

    private void advanceClock(long time, String from) {
        try {
            hlc.update(time);
        } catch (HybridLogicalClock.ClockOffsetException e) {
            log.warn("not taking the clock of {}: {}", from, e.getMessage());
        }
    }

    /** Admin calls bounded by {@code retry} too, so that an unreachable Kafka never holds the thread longer. */
    private static PurgeBusSettings adminSettings(PurgeBusSettings settings, Duration retry) {
        Map<String, String> client = new HashMap<>(settings.client());
        client.put("default.api.timeout.ms", Long.toString(retry.toMillis()));
        client.put("request.timeout.ms", Long.toString(retry.toMillis()));
        return new PurgeBusSettings(settings.bootstrapServers(), settings.purgesTopic(), settings.acksTopic(),
                settings.partitions(), settings.replication(), client);
    }

    /** Stops reading; waits for the loop's thread a bounded time. */
    @Override
    public void close() {
        loop.close();
    }
}
