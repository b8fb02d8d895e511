package dev.geocdn.invalidation.bus;

import dev.geocdn.invalidation.progress.Applied;
import dev.geocdn.invalidation.progress.PurgeTracker;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.purgebus.JsonSerde;
import dev.geocdn.purgebus.PurgeBusSettings;
import dev.geocdn.purgebus.PurgeBusTopics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads the acknowledgement log (and the purge log, for purges other instances wrote) into the
 * {@link PurgeTracker}, on one thread of its own.
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
 * positioning are retried every {@code retry} until they succeed; the service runs meanwhile,
 * answering 503. A Kafka error while reading is logged and retried after {@code retry}; the
 * consumer keeps its positions. Unreadable records are skipped ({@link JsonSerde}).
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

    private final PurgeBusSettings settings;
    private final boolean createTopics;
    private final Duration retry;
    private final PurgeTracker tracker;
    private final HybridLogicalClock hlc;
    private final Clock clock;
    private final Consumer<Applied> onApplied;
    private final JsonSerde<PurgeAck> acks = new JsonSerde<>(PurgeAck.class);
    private final JsonSerde<PurgeCommand> purges = new JsonSerde<>(PurgeCommand.class);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile String lastError = "not started";
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param settings     the purge log
     * @param createTopics whether to create the topics when missing
     * @param retry        the wait before retrying after a Kafka error, and the timeout of each
     *                     blocking Kafka call
     * @param tracker      where purges and acknowledgements go
     * @param hlc          the service's clock, advanced past every node time read
     * @param clock        wall clock, for the partition refresh
     * @param onApplied    told of every first acknowledgement of a known purge (metrics)
     */
    public PurgeLogReader(PurgeBusSettings settings, boolean createTopics, Duration retry, PurgeTracker tracker,
                          HybridLogicalClock hlc, Clock clock, Consumer<Applied> onApplied) {
        this.settings = settings;
        this.createTopics = createTopics;
        this.retry = retry;
        this.tracker = tracker;
        this.hlc = hlc;
        this.clock = clock;
        this.onApplied = onApplied;
        this.thread = new Thread(this::run, "geocdn-purge-log-reader");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether every partition of both topics has a position: acknowledgements are not missed. */
    public boolean isReady() {
        return ready;
    }

    /** Why it is not ready, or the last error while reading; empty when none. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        Map<String, Object> own = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "geocdn-invalidation-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) retry.toMillis());
        boolean topicsCreated = !createTopics;
        long nextRefresh = 0;
        try {
            while (running) {
                try {
                    if (consumer == null) {
                        consumer = new KafkaConsumer<>(settings.clientProperties(own), new ByteArrayDeserializer(),
                                new ByteArrayDeserializer());
                    }
                    if (!topicsCreated) {
                        PurgeBusTopics.ensure(adminSettings(), retry);
                        topicsCreated = true;
                    }
                    if (!ready || clock.millis() >= nextRefresh) {
                        assign();
                        nextRefresh = clock.millis() + PARTITION_REFRESH.toMillis();
                    }
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                        handle(record);
                    }
                } catch (WakeupException e) {
                    // close() asked us to stop
                } catch (KafkaException | IllegalStateException e) {
                    if (running) {
                        lastError = e.getMessage();
                        log.warn("purge log on {}: {}; retrying in {} ms", settings.bootstrapServers(), e.getMessage(),
                                retry.toMillis());
                        pause();
                    }
                } catch (RuntimeException e) {
                    // a bug must not stop acknowledgements from being read for the rest of the process's life
                    lastError = e.toString();
                    log.error("purge log reader failed; retrying in {} ms", retry.toMillis(), e);
                    pause();
                }
            }
        } finally {
            Thread.interrupted();
            try {
                if (consumer != null) {
                    consumer.close(CloseOptions.timeout(retry));
                }
            } catch (KafkaException e) {
                log.debug("closing the purge log reader: {}", e.getMessage());
            }
        }
    }

    /** Assigns every partition of both topics: new ones from the beginning, all of them from the end at first. */
    private void assign() {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : List.of(settings.purgesTopic(), settings.acksTopic())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, retry);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + settings.bootstrapServers());
            }
            partitions.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        }
        if (!ready) {
            consumer.assign(all);
            consumer.seekToEnd(all);
            all.forEach(p -> consumer.position(p, retry));
            ready = true;
            lastError = "";
            log.info("reading purges and acknowledgements from {} ({} partitions, from their end)",
                    settings.bootstrapServers(), all.size());
            return;
        }
        Set<TopicPartition> held = new HashSet<>(consumer.assignment());
        List<TopicPartition> added = all.stream().filter(p -> !held.contains(p)).toList();
        if (!added.isEmpty()) {
            consumer.assign(all);
            consumer.seekToBeginning(added);
            log.info("reading new partitions {} from their beginning", added);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(settings.acksTopic())) {
            PurgeAck ack = acks.deserialize(record.topic(), record.value());
            if (ack != null) {
                advanceClock(ack.appliedHlc(), "node " + ack.nodeId());
                tracker.acknowledge(ack).ifPresent(onApplied);
            }
        } else {
            PurgeCommand purge = purges.deserialize(record.topic(), record.value());
            if (purge != null) {
                advanceClock(purge.hlc(), "purge " + purge.id());
                tracker.observe(purge);
            }
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
    private PurgeBusSettings adminSettings() {
        Map<String, String> client = new HashMap<>(settings.client());
        client.put("default.api.timeout.ms", Long.toString(retry.toMillis()));
        client.put("request.timeout.ms", Long.toString(retry.toMillis()));
        return new PurgeBusSettings(settings.bootstrapServers(), settings.purgesTopic(), settings.acksTopic(),
                settings.partitions(), settings.replication(), client);
    }

    private void pause() {
        try {
            Thread.sleep(retry.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops reading; waits for the thread a bounded time. */
    @Override
    public void close() {
        running = false;
        ready = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        thread.interrupt();
        try {
            thread.join(retry.multipliedBy(3).toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
