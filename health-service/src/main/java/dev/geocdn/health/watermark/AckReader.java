package dev.geocdn.health.watermark;

import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.purgebus.JsonSerde;
import dev.geocdn.purgebus.PurgeBusSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every acknowledgement on the acknowledgement log into {@link PurgeWatermarks}, from the
 * start of the log (so that a restarted health service knows every node's position at once),
 * without a consumer group: it commits nothing and never competes with another reader. Also
 * answers the purge log's end offsets, which the watermarks are measured against.
 */
public final class AckReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AckReader.class);

    private final PurgeBusSettings bus;
    private final PurgeWatermarks watermarks;
    private final KafkaConsumer<String, PurgeAck> acks;
    private final KafkaConsumer<String, String> ends;
    private final Thread reader;
    private volatile boolean running = true;

    public AckReader(PurgeBusSettings bus, PurgeWatermarks watermarks) {
        this.bus = bus;
        this.watermarks = watermarks;
        this.acks = new KafkaConsumer<>(bus.clientProperties(Map.of("client.id", "geocdn-health-acks")),
                new StringDeserializer(), new JsonSerde<>(PurgeAck.class));
        this.ends = new KafkaConsumer<>(bus.clientProperties(Map.of("client.id", "geocdn-health-log-end")),
                new StringDeserializer(), new StringDeserializer());
        this.reader = Thread.ofPlatform().daemon().name("geocdn-health-ack-reader").start(this::read);
    }

    private void read() {
        try {
            List<TopicPartition> partitions = List.of();
            while (running && partitions.isEmpty()) {
                try {
                    partitions = partitions(acks.partitionsFor(bus.acksTopic(), Duration.ofSeconds(5)), bus.acksTopic());
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    LOG.warn("acknowledgement log {} not readable yet: {}", bus.acksTopic(), e.toString());
                }
                if (partitions.isEmpty()) {
                    sleep(Duration.ofSeconds(1));
                }
            }
            acks.assign(partitions);
            acks.seekToBeginning(partitions);
            while (running) {
                try {
                    for (ConsumerRecord<String, PurgeAck> record : acks.poll(Duration.ofMillis(500))) {
                        if (record.value() != null) {
                            watermarks.record(record.value());
                        }
                    }
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("acknowledgement log read failed, retrying: {}", e.toString());
                    sleep(Duration.ofSeconds(1));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            acks.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /** The purge log's end offset per partition (empty when Kafka cannot be reached). */
    public synchronized Map<Integer, Long> purgeLogEnds() {
        try {
            List<TopicPartition> partitions = partitions(ends.partitionsFor(bus.purgesTopic(), Duration.ofSeconds(2)),
                    bus.purgesTopic());
            Map<Integer, Long> out = new TreeMap<>();
            ends.endOffsets(partitions, Duration.ofSeconds(2)).forEach((tp, end) -> out.put(tp.partition(), end));
            return out;
        } catch (RuntimeException e) {
            LOG.warn("purge log end offsets unavailable: {}", e.toString());
            return Map.of();
        }
    }

    private static List<TopicPartition> partitions(List<PartitionInfo> infos, String topic) {
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        acks.wakeup();
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            ends.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }
}
