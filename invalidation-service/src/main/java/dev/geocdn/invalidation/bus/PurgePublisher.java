package dev.geocdn.invalidation.bus;

import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.purgebus.JsonSerde;
import dev.geocdn.purgebus.PurgeBusSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Writes purges to the purge log, durably: {@code acks=all} (every in-sync replica has the
 * record before Kafka answers; with the topic's {@code min.insync.replicas} at 2 that is at
 * least two brokers) and idempotence on (a retried send is written once). A purge is answered
 * 202 or 200 only after the future of {@link #publish} completed: nothing acknowledged to a
 * client is lost.
 *
 * <p>Bounded in time: waiting for the cluster's metadata ({@code max.block.ms}) and for the
 * write ({@code delivery.timeout.ms}) each take at most the configured timeout, with room for
 * one retry within it ({@code request.timeout.ms} is half of it). Then the future fails, the
 * client gets 503 and may retry: purges are idempotent, so a write that did land after all
 * costs nothing but a second application.
 *
 * <p>{@link #publish} may block up to the timeout while metadata is fetched: call it off the
 * event loop. The record key is the purge id (purges of one id stay in one partition).
 * Thread-safe, as {@link KafkaProducer} is.
 */
public final class PurgePublisher implements AutoCloseable {

    private final Producer<String, PurgeCommand> producer;
    private final String topic;
    private final Duration timeout;

    public PurgePublisher(PurgeBusSettings settings, Duration timeout) {
        this(new KafkaProducer<>(settings.clientProperties(producerProperties(timeout)), new StringSerializer(),
                new JsonSerde<>(PurgeCommand.class)), settings.purgesTopic(), timeout);
    }

    PurgePublisher(Producer<String, PurgeCommand> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** The producer's own settings: durability first, then bounded waits. */
    static Map<String, Object> producerProperties(Duration timeout) {
        long millis = Math.max(timeout.toMillis(), 2);
        return Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "geocdn-invalidation-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, millis / 2),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, millis));
    }

    /** The topic purges go to. */
    public String topic() {
        return topic;
    }

    /** Completes when every in-sync replica has the purge; fails when Kafka did not take it in time. */
    public CompletableFuture<RecordMetadata> publish(PurgeCommand purge) {
        CompletableFuture<RecordMetadata> written = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, purge.id(), purge), (metadata, error) -> {
                if (error != null) {
                    written.completeExceptionally(error);
                } else {
                    written.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    @Override
    public void close() {
        producer.close(timeout);
    }
}
