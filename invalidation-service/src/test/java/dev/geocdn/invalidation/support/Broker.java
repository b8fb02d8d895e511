package dev.geocdn.invalidation.support;

import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.protocol.purge.PurgeTopics;
import dev.geocdn.purgebus.JsonSerde;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * One embedded KRaft broker for a test class, and real Kafka clients on it: the end offsets of
 * a topic (what "nothing was written" is checked with) and reading a purge back.
 */
public final class Broker implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker kafka;
    private final JsonSerde<PurgeCommand> purges = new JsonSerde<>(PurgeCommand.class);

    private Broker(EmbeddedKafkaKraftBroker kafka) {
        this.kafka = kafka;
    }

    /** A broker without topics: the service creates them. */
    public static Broker start() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        return new Broker(kafka);
    }

    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    Map<String, Object> consumerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("enable.auto.commit", false);
        return p;
    }

    Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("acks", "all");
        return p;
    }

    /** The sum of the end offsets of {@code topic}'s partitions: records ever written to it. */
    public long endOffset(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public long purgesEnd() {
        return endOffset(PurgeTopics.PURGES);
    }

    /** The purge with {@code id} on the purge log, read with a real consumer from the beginning; fails after 10 s. */
    public PurgeCommand readPurge(String id) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(PurgeTopics.PURGES, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(PurgeTopics.PURGES, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<PurgeCommand> found = new ArrayList<>();
            // the consumer is read from this thread only
            await().atMost(Duration.ofSeconds(10)).pollInSameThread().alias("purge " + id + " on the purge log").until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    PurgeCommand purge = purges.deserialize(record.topic(), record.value());
                    if (purge != null && purge.id().equals(id)) {
                        found.add(purge);
                    }
                }
                return !found.isEmpty();
            });
            return found.getFirst();
        }
    }

    /** Writes a purge as another instance of the service would. */
    public void writePurge(PurgeCommand purge) throws Exception {
        try (KafkaProducer<String, PurgeCommand> producer = new KafkaProducer<>(producerProperties(),
                new StringSerializer(), new JsonSerde<>(PurgeCommand.class))) {
            producer.send(new ProducerRecord<>(PurgeTopics.PURGES, purge.id(), purge)).get();
        }
    }

    @Override
    public void close() {
        kafka.destroy();
    }
}
