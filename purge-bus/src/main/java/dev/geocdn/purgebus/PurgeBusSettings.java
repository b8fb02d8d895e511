package dev.geocdn.purgebus;

import dev.geocdn.protocol.purge.PurgeTopics;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the purge log lives: the same shape in every service's configuration
 * ({@code cdn.invalidation.kafka.*}, {@code cdn.purge.kafka.*}, ...).
 *
 * @param bootstrapServers the Kafka cluster (host:port, comma-separated)
 * @param purgesTopic      the purge log
 * @param acksTopic        the acknowledgement log
 * @param partitions       partitions of both topics when the invalidation service creates them
 * @param replication      their replication factor (3 in production; 1 for a one-broker cluster)
 * @param client           extra Kafka client properties (security, TLS, SASL), passed as they are
 */
public record PurgeBusSettings(String bootstrapServers, String purgesTopic, String acksTopic, int partitions,
                               short replication, Map<String, String> client) {

    public PurgeBusSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the purge log needs Kafka bootstrap servers");
        }
        purgesTopic = purgesTopic == null || purgesTopic.isBlank() ? PurgeTopics.PURGES : purgesTopic;
        acksTopic = acksTopic == null || acksTopic.isBlank() ? PurgeTopics.ACKS : acksTopic;
        if (partitions < 1 || replication < 1) {
            throw new IllegalArgumentException("partitions and replication must be at least 1");
        }
        client = client == null ? Map.of() : Map.copyOf(client);
    }

    /** Defaults for a one-broker cluster at {@code bootstrapServers}. */
    public static PurgeBusSettings of(String bootstrapServers) {
        return new PurgeBusSettings(bootstrapServers, null, null, 1, (short) 1, Map.of());
    }

    /** Kafka client properties: the bootstrap servers, the extra client properties, then {@code own}. */
    public Map<String, Object> clientProperties(Map<String, Object> own) {
        Map<String, Object> all = new HashMap<>();
        all.put("bootstrap.servers", bootstrapServers);
        all.putAll(client);
        all.putAll(own);
        return all;
    }
}
