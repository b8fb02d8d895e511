package dev.geocdn.purgebus;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for the purge log's records (purges and acknowledgements are records of cdn-protocol).
 *
 * <p>A record that cannot be read (written by a newer or broken producer) deserializes to
 * {@code null} with a warning instead of throwing: Kafka would otherwise raise the error on
 * every poll at the same offset, and one bad message would stop a node from ever applying
 * another purge. Consumers skip nulls. Unknown fields are ignored, so producers can add some.
 */
public final class JsonSerde<T> implements Serializer<T>, Deserializer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonSerde.class);
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Class<T> type;

    public JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, T value) {
        return value == null ? null : JSON.writeValueAsBytes(value);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return JSON.readValue(data, type);
        } catch (JacksonException | IllegalArgumentException e) {
            LOG.warn("skipping a record on {} that is not a {}: {}", topic, type.getSimpleName(), e.getMessage());
            return null;
        }
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // configured by its constructor
    }

    @Override
    public void close() {
        // nothing held
    }
}
