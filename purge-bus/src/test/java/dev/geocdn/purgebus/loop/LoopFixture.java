package dev.geocdn.purgebus.loop;

import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.purgebus.JsonSerde;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded KRaft broker for a test class, and what the loop's tests do on it: fresh topics,
 * purges and unreadable bytes written, a group's committed offsets, and loops with recording
 * handlers.
 */
final class LoopFixture implements AutoCloseable {

    /** Short polls and retries, so that tests go round the loop often. */
    static final Pacing PACING = new Pacing(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(50),
            Duration.ofMillis(500));

    private final EmbeddedKafkaKraftBroker kafka;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final JsonSerde<PurgeCommand> purges = new JsonSerde<>(PurgeCommand.class);

    LoopFixture() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
        admin = Admin.create(Map.of("bootstrap.servers", servers()));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", servers(), "acks", "all"), new StringSerializer(),
                new ByteArraySerializer());
    }

    String servers() {
        return kafka.getBrokersAsString();
    }

    /** A new topic of its own for one test. */
    String topic(int partitions) throws Exception {
        String name = "loop-test-" + UUID.randomUUID();
        createTopic(name, partitions);
        return name;
    }

    void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(10, TimeUnit.SECONDS);
    }

    static PurgeCommand purge(String id) {
        return new PurgeCommand(id, 1L << 16, List.of("https://cdn.example.com/" + id), List.of(), List.of(), false,
                "test", Instant.parse("2026-12-04T17:00:00Z"));
    }

    /** Writes a purge with {@code id} as key; returns where it landed. */
    RecordMetadata write(String topic, String id) throws Exception {
        return write(topic, id, purges.serialize(topic, purge(id)));
    }

    /** Writes purges with {@code ids}, in order. */
    void writeAll(String topic, String... ids) throws Exception {
        for (String id : ids) {
            write(topic, id);
        }
    }

    RecordMetadata write(String topic, String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    RecordMetadata writeText(String topic, String text) throws Exception {
        return write(topic, "unreadable", text.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset {@code group} has committed on partition 0 of {@code topic}, or -1 for none. */
    long committed(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A loop over this broker reading purges, with {@code properties} added to the client's. */
    ConsumerLoop<PurgeCommand> loop(Positioning positioning, RecordHandler<PurgeCommand> handler,
                                    Map<String, Object> properties) {
        return loop(servers(), positioning, handler, properties, purges);
    }

    static <V> ConsumerLoop<V> loop(String servers, Positioning positioning, RecordHandler<V> handler,
                                    Map<String, Object> properties, Deserializer<V> values) {
        Map<String, Object> client = new java.util.HashMap<>(properties);
        client.put("bootstrap.servers", servers);
        ConsumerLoop<V> loop = new ConsumerLoop<>("loop-test-" + UUID.randomUUID(), client, values, positioning, handler,
                PACING, Clock.systemUTC());
        loop.start();
        return loop;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
        kafka.destroy();
    }

    /** A handler that records every record and finishes it at once. */
    static final class Recording implements RecordHandler<PurgeCommand> {
        final List<ConsumerRecord<String, PurgeCommand>> records = new CopyOnWriteArrayList<>();

        @Override
        public void handle(ConsumerRecord<String, PurgeCommand> record, Done done) {
            records.add(record);
            done.done(record);
        }

        List<String> ids() {
            return records.stream().map(r -> r.value().id()).toList();
        }
    }

    /**
     * A handler that holds every record until the test releases its offset (partition 0), and
     * counts the rounds of the loop it sees, so that a test can wait for the loop to go round.
     */
    static final class Holding implements RecordHandler<PurgeCommand> {
        final List<ConsumerRecord<String, PurgeCommand>> held = new CopyOnWriteArrayList<>();
        final AtomicInteger rounds = new AtomicInteger();
        private final Set<Long> released = ConcurrentHashMap.newKeySet();

        @Override
        public void handle(ConsumerRecord<String, PurgeCommand> record, Done done) {
            held.add(record);
        }

        @Override
        public Optional<Instant> due(Instant now, Done done) {
            for (ConsumerRecord<String, PurgeCommand> record : held) {
                if (released.remove(record.offset())) {
                    done.done(record);
                }
            }
            rounds.incrementAndGet();
            return Optional.empty();
        }

        void release(long... offsets) {
            for (long offset : offsets) {
                released.add(offset);
            }
        }

        List<String> ids() {
            return held.stream().map(r -> r.value().id()).toList();
        }
    }
}
