package dev.geocdn.invalidation.support;

import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.protocol.purge.PurgeTopics;
import dev.geocdn.purgebus.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays cache nodes on real Kafka clients, as the real nodes will: read each purge from the
 * purge log and write one {@link PurgeAck} per node to the acknowledgement log, with the
 * purge's partition and offset. Silenced nodes read but never acknowledge.
 *
 * <p>It reads from the end of the purge log as of {@link #start()}, which returns once it has
 * its positions, so that no purge sent afterwards is missed.
 */
public final class NodePlayer implements AutoCloseable {

    private final Broker broker;
    private final Map<String, String> nodes;
    private final Set<String> silenced = ConcurrentHashMap.newKeySet();
    private final List<PurgeCommand> seen = new CopyOnWriteArrayList<>();
    private final JsonSerde<PurgeCommand> purges = new JsonSerde<>(PurgeCommand.class);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<String, PurgeAck> producer;
    private final Thread thread = new Thread(this::run, "node-player");
    private volatile boolean running = true;

    /** @param nodes node id to region */
    public NodePlayer(Broker broker, Map<String, String> nodes) {
        this.broker = broker;
        this.nodes = Map.copyOf(nodes);
        this.consumer = new KafkaConsumer<>(broker.consumerProperties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(broker.producerProperties(), new StringSerializer(),
                new JsonSerde<>(PurgeAck.class));
    }

    public NodePlayer silence(String node) {
        silenced.add(node);
        return this;
    }

    public NodePlayer start() {
        List<TopicPartition> partitions = consumer.partitionsFor(PurgeTopics.PURGES, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(PurgeTopics.PURGES, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(10)));
        thread.start();
        return this;
    }

    /** The purges read so far. */
    public List<PurgeCommand> seen() {
        return seen;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    PurgeCommand purge = purges.deserialize(record.topic(), record.value());
                    if (purge == null) {
                        continue;
                    }
                    seen.add(purge);
                    nodes.forEach((node, region) -> {
                        if (!silenced.contains(node)) {
                            PurgeAck ack = new PurgeAck(purge.id(), purge.hlc(), node, region, purge.hlc() + 1,
                                    Instant.now(), 3, record.partition(), record.offset());
                            producer.send(new ProducerRecord<>(PurgeTopics.ACKS, purge.id(), ack));
                        }
                    });
                    producer.flush();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
        producer.close(Duration.ofSeconds(2));
    }
}
