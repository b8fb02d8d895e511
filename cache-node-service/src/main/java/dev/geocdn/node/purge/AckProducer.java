package dev.geocdn.node.purge;

import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.purgebus.JsonSerde;
import dev.geocdn.purgebus.PurgeBusSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * Writes this node's acknowledgements to the acknowledgement topic, keyed by purge id, with
 * {@code acks=all} and no lingering: a strong purge waits for them. A write that fails is logged
 * and not retried: the purge is applied and its offset committed all the same, and the
 * invalidation service shows this node as pending for that purge.
 */
final class AckProducer implements Acknowledgements.Writer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AckProducer.class);

    private final String topic;
    private final KafkaProducer<String, PurgeAck> producer;

    AckProducer(PurgeBusSettings bus, String nodeId) {
        this.topic = bus.acksTopic();
        this.producer = new KafkaProducer<>(bus.clientProperties(Map.of(
                "client.id", "geocdn-node-acks-" + nodeId,
                "acks", "all",
                "linger.ms", "0")), new StringSerializer(), new JsonSerde<>(PurgeAck.class));
    }

    @Override
    public void send(PurgeAck ack) {
        producer.send(new ProducerRecord<>(topic, ack.purgeId(), ack), (meta, error) -> {
            if (error != null) {
                LOG.warn("acknowledgement of purge {} not sent: {}", ack.purgeId(), error.toString());
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
