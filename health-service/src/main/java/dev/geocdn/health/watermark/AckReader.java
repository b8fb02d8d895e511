package dev.geocdn.health.watermark;

import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.purgebus.JsonSerde;
import dev.geocdn.purgebus.PurgeBusSettings;
import dev.geocdn.purgebus.loop.ConsumerLoop;
import dev.geocdn.purgebus.loop.Pacing;
import dev.geocdn.purgebus.loop.Positioning;
import dev.geocdn.purgebus.loop.RecordHandler;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads every acknowledgement on the acknowledgement log into {@link PurgeWatermarks} (and
 * whatever else follows acknowledgements, such as the dashboard's latest purges), on
 * purge-bus's {@link ConsumerLoop}: from the start of the log (so that a restarted health
 * service knows every node's position at once), without a consumer group, so it commits nothing
 * and never competes with another reader. Partitions added later are found within
 * {@link #PARTITION_REFRESH}. Also answers the purge log's end offsets, which the watermarks are
 * measured against, with a consumer of their own (the loop's is confined to its thread).
 */
public final class AckReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AckReader.class);
    /** How often the acknowledgement topic's partitions are looked up again. */
    static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);
    /** How long a request for the purge log's end offsets may wait for Kafka. */
    static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(2);

    private final PurgeBusSettings bus;
    private final ConsumerLoop<PurgeAck> acks;
    private final KafkaConsumer<String, String> ends;

    /**
     * Starts reading at once.
     *
     * @param readers what each acknowledgement is handed to, in order, on the reader's thread
     */
    public AckReader(PurgeBusSettings bus, List<Consumer<PurgeAck>> readers, Clock clock) {
        List<Consumer<PurgeAck>> each = List.copyOf(readers);
        this.bus = bus;
        this.acks = new ConsumerLoop<>("geocdn-health-ack-reader",
                bus.clientProperties(Map.of("client.id", "geocdn-health-acks")), new JsonSerde<>(PurgeAck.class),
                Positioning.everyPartition(Positioning.Start.BEGINNING, PARTITION_REFRESH, bus.acksTopic()),
                RecordHandler.completing(record -> each.forEach(reader -> reader.accept(record.value()))),
                Pacing.DEFAULT, clock);
        this.ends = new KafkaConsumer<>(bus.clientProperties(Map.of("client.id", "geocdn-health-log-end")),
                new StringDeserializer(), new StringDeserializer());
        acks.start();
    }

    /** The purge log's end offset per partition (empty when Kafka cannot be reached). */
    public synchronized Map<Integer, Long> purgeLogEnds() {
        try {
            List<PartitionInfo> infos = ends.partitionsFor(bus.purgesTopic(), END_OFFSETS_TIMEOUT);
            List<TopicPartition> partitions = infos == null ? List.of()
                    : infos.stream().map(i -> new TopicPartition(bus.purgesTopic(), i.partition())).toList();
            Map<Integer, Long> out = new TreeMap<>();
            ends.endOffsets(partitions, END_OFFSETS_TIMEOUT).forEach((tp, end) -> out.put(tp.partition(), end));
            return out;
        } catch (RuntimeException e) {
            LOG.warn("purge log end offsets unavailable: {}", e.toString());
            return Map.of();
        }
    }

    @Override
    public void close() {
        acks.close();
        synchronized (this) {
            ends.close(CloseOptions.timeout(END_OFFSETS_TIMEOUT));
        }
    }
}
