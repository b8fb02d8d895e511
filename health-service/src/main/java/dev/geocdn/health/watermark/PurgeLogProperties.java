package dev.geocdn.health.watermark;

import dev.geocdn.purgebus.PurgeBusSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.Map;

/**
 * Where the health service reads the purge log's acknowledgements, under
 * {@code cdn.health.purge-log.*}; without {@code bootstrap-servers} no watermarks are kept.
 *
 * @param bootstrapServers the purge log's Kafka cluster
 * @param purgesTopic      the purge topic (for its end offsets)
 * @param acksTopic        the acknowledgement topic
 * @param client           extra Kafka client properties
 */
@Validated
@ConfigurationProperties("cdn.health.purge-log")
public record PurgeLogProperties(String bootstrapServers, @DefaultValue("") String purgesTopic,
                                 @DefaultValue("") String acksTopic, @DefaultValue Map<String, String> client) {

    public PurgeBusSettings bus() {
        return new PurgeBusSettings(bootstrapServers, purgesTopic, acksTopic, 1, (short) 1, client);
    }
}
