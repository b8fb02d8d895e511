package dev.geocdn.node.purge;

import dev.geocdn.protocol.hlc.HybridLogicalClock;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.protocol.purge.PurgeTopics;
import dev.geocdn.purgebus.JsonSerde;
import dev.geocdn.purgebus.PurgeBusSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This node's reader of the purge log (ARCHITECTURE "A purge", step 3): every purge is applied
 * to the cache, acknowledged on the acknowledgement topic, and only then committed, so a crash
 * between the two replays it (purges are idempotent) and never loses one.
 *
 * <p>The node reads in its own consumer group ({@link PurgeTopics#nodeGroup}), stable across
 * restarts: a node that was down resumes from its committed offset, and a node that is new (no
 * committed offset) starts at the end of the log, with an empty cache that nothing older can
 * concern. Start-up replays what was missed <em>before the node serves</em>: this lifecycle
 * runs before the web server's and returns only when the node has reached the end the log had
 * when it started (or after {@code catchUpTimeout}, with a warning), so the data plane port opens
 * on a cache that has applied every purge it missed.
 */
public final class PurgeLog implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PurgeLog.class);
    /** Before the web server (whose start/stop lifecycle sits just under Integer.MAX_VALUE). */
    static final int PHASE = Integer.MAX_VALUE - 8192;

    private final PurgeBusSettings bus;
    private final PurgeProperties properties;
    private final String nodeId;
    private final String region;
    private final HybridLogicalClock clock;
    private final PurgeApplier applier;
    private final PurgeMetrics metrics;
    private volatile KafkaConsumer<String, PurgeCommand> consumer;
    private volatile KafkaProducer<String, PurgeAck> producer;
    private volatile Thread reader;
    private volatile boolean running;
    private volatile Duration emulatedDelay;
    /** Applied purges whose acknowledgements are not written yet, in order; the reader thread's own. */
    private final ArrayDeque<PendingAck> pendingAcks = new ArrayDeque<>();

    public PurgeLog(PurgeProperties properties, String nodeId, String region, HybridLogicalClock clock,
                    PurgeApplier applier, PurgeMetrics metrics) {
        this.bus = properties.bus();
        this.properties = properties;
        this.nodeId = nodeId;
        this.region = region;
        this.clock = clock;
        this.applier = applier;
        this.metrics = metrics;
        this.emulatedDelay = properties.emulatedDelay();
    }

    /**
     * Changes the emulated one-way delay between this node and the purge log (the local world's
     * control API sets it at run time): each purge is applied that long after it was written, and
     * its acknowledgement is written that long after it was applied, as if it travelled back.
     */
    public void setEmulatedDelay(Duration delay) {
        this.emulatedDelay = delay.isNegative() ? Duration.ZERO : delay;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(bus.clientProperties(Map.of(
                "group.id", PurgeTopics.nodeGroup(nodeId),
                "client.id", "geocdn-node-" + nodeId,
                "enable.auto.commit", "false",
                "auto.offset.reset", "latest",
                "max.poll.records", "500")), new StringDeserializer(), new JsonSerde<>(PurgeCommand.class));
        producer = new KafkaProducer<>(bus.clientProperties(Map.of(
                "client.id", "geocdn-node-acks-" + nodeId,
                "acks", "all",
                "linger.ms", "0")), new StringSerializer(), new JsonSerde<>(PurgeAck.class));
        consumer.subscribe(List.of(bus.purgesTopic()));
        running = true;
        catchUp();
        reader = Thread.ofPlatform().daemon().name("geocdn-purge-log-" + nodeId).start(this::readForever);
    }

    /** Replays the log up to the end it had when the node started, before the node serves. */
    private void catchUp() {
        long deadline = System.nanoTime() + properties.catchUpTimeout().toNanos();
        try {
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                pollOnce(Duration.ofMillis(100));
            }
            Set<TopicPartition> assigned = consumer.assignment();
            if (assigned.isEmpty()) {
                LOG.warn("purge log {} at {} not reachable within {}: serving without replaying missed purges",
                        bus.purgesTopic(), bus.bootstrapServers(), properties.catchUpTimeout());
                return;
            }
            rememberPosition(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, properties.catchUpTimeout());
            long replayed = 0;
            while (!caughtUp(ends) && System.nanoTime() < deadline) {
                replayed += pollOnce(Duration.ofMillis(100));
            }
            if (caughtUp(ends)) {
                LOG.info("purge log caught up ({} purges replayed) before serving", replayed);
            } else {
                LOG.warn("purge log not caught up within {}: serving, and replaying the rest in the background",
                        properties.catchUpTimeout());
            }
        } catch (RuntimeException e) {
            LOG.warn("purge log unavailable at start-up ({}): serving without replaying missed purges", e.toString());
        }
    }

    /**
     * Commits where the node stands before it applies anything: a new node starts at the end of
     * the log, and unless that start is committed at once, a node stopped before its first purge
     * would start at the (later) end again when it returns and skip what it missed.
     */
    private void rememberPosition(Set<TopicPartition> assigned) {
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition partition : assigned) {
            positions.put(partition, new OffsetAndMetadata(consumer.position(partition)));
        }
        consumer.commitSync(positions);
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void readForever() {
        try {
            while (running) {
                try {
                    pollOnce(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("purge log read failed, retrying: {}", e.toString());
                    sleepQuietly(Duration.ofSeconds(1));
                }
            }
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /**
     * Polls once and applies what came; then writes the acknowledgements that are due and commits
     * the offsets behind them. Returns how many purges were applied.
     */
    private int pollOnce(Duration timeout) {
        ConsumerRecords<String, PurgeCommand> records = consumer.poll(untilNextAck(timeout));
        int applied = 0;
        for (ConsumerRecord<String, PurgeCommand> record : records) {
            PurgeAck ack = record.value() == null ? null : apply(record);
            if (ack != null) {
                applied++;
            }
            long due = ack == null ? 0 : System.currentTimeMillis() + emulatedDelay.toMillis();
            pendingAcks.addLast(new PendingAck(due, ack, new TopicPartition(record.topic(), record.partition()),
                    record.offset() + 1));
        }
        acknowledgeDue();
        return applied;
    }

    /** The poll's wait, shortened so that the next held acknowledgement is not written late. */
    private Duration untilNextAck(Duration timeout) {
        PendingAck next = pendingAcks.peekFirst();
        if (next == null) {
            return timeout;
        }
        return Duration.ofMillis(Math.max(0, Math.min(timeout.toMillis(), next.due() - System.currentTimeMillis())));
    }

    /**
     * Writes the acknowledgements that are due, in the order the purges were applied, and commits
     * the offsets behind them only once Kafka has them: a crash in between replays those purges
     * (idempotent), never loses an acknowledgement.
     */
    private void acknowledgeDue() {
        long now = System.currentTimeMillis();
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        boolean sent = false;
        while (!pendingAcks.isEmpty() && pendingAcks.peekFirst().due() <= now) {
            PendingAck pending = pendingAcks.pollFirst();
            if (pending.ack() != null) {
                send(pending.ack());
                sent = true;
            }
            done.put(pending.partition(), new OffsetAndMetadata(pending.nextOffset()));
        }
        if (done.isEmpty()) {
            return;
        }
        if (sent) {
            producer.flush();
        }
        consumer.commitAsync(done, (offsets, error) -> {
            if (error != null) {
                LOG.warn("purge log offsets not committed (replayed after a restart): {}", error.toString());
            }
        });
    }

    /** Applies one purge; returns its acknowledgement, to be written when due. */
    private PurgeAck apply(ConsumerRecord<String, PurgeCommand> record) {
        PurgeCommand purge = record.value();
        Duration delay = emulatedDelay;
        if (!delay.isZero()) {
            // as if the record had travelled that much longer: waits relative to when it was
            // written, so a burst of purges is delayed once, not once per purge
            waitUntil(record.timestamp() + delay.toMillis());
        }
        long appliedAt;
        try {
            appliedAt = clock.update(purge.hlc());
        } catch (HybridLogicalClock.ClockOffsetException e) {
            LOG.warn("purge {}: {}; applied at this node's own time", purge.id(), e.getMessage());
            appliedAt = clock.now();
        }
        long removed = applier.apply(purge, appliedAt);
        metrics.applied(purge, removed, System.currentTimeMillis() - record.timestamp());
        return new PurgeAck(purge.id(), purge.hlc(), nodeId, region, appliedAt, Instant.now(), removed,
                record.partition(), record.offset());
    }

    /** Waits until {@code due} (epoch ms), writing held acknowledgements as they come due meanwhile. */
    private void waitUntil(long due) {
        for (long now = System.currentTimeMillis(); now < due && running; now = System.currentTimeMillis()) {
            PendingAck next = pendingAcks.peekFirst();
            long until = next == null ? due : Math.min(due, Math.max(now, next.due()));
            sleepQuietly(Duration.ofMillis(until - now));
            acknowledgeDue();
        }
    }

    private void send(PurgeAck ack) {
        producer.send(new ProducerRecord<>(bus.acksTopic(), ack.purgeId(), ack), (meta, error) -> {
            if (error != null) {
                LOG.warn("acknowledgement of purge {} not sent: {}", ack.purgeId(), error.toString());
            }
        });
    }

    /**
     * An applied purge whose acknowledgement waits for its (emulated) trip back; records without
     * a purge (unreadable) have no acknowledgement but keep their place for the commit.
     */
    private record PendingAck(long due, PurgeAck ack, TopicPartition partition, long nextOffset) {
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, PurgeCommand> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = reader;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (c != null) {
            c.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
        }
        KafkaProducer<String, PurgeAck> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(2));
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
