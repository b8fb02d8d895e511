package dev.geocdn.node.purge;

import dev.geocdn.purgebus.PurgeBusSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.Map;

/**
 * The node's side of the purge log, under {@code cdn.purge.*}. Without
 * {@code cdn.purge.bootstrap-servers} the node takes no purges from Kafka (a node on its own).
 *
 * @param bootstrapServers the Kafka cluster of the purge log
 * @param purgesTopic      the purge log's topic
 * @param acksTopic        the acknowledgement topic
 * @param client           extra Kafka client properties (security, TLS, SASL)
 * @param catchUpTimeout   how long start-up waits to replay purges missed while down before
 *                         the node serves anyway (with a warning): a Kafka outage must not keep
 *                         every restarted node from serving
 * @param maxClockOffset   how far ahead of this machine's clock a purge's HLC time may be and
 *                         still advance the node's clock
 * @param emulatedDelay    a delay before each purge is applied, per region of this node, for the
 *                         local world's emulated inter-region latency; zero in production
 * @param tombstoneRetention how long the node remembers a purge after applying it, even when no
 *                         fill of its own needs it: a copy from a parent tier is judged by when
 *                         the parent filled it, so this must exceed the time any parent region
 *                         may lag behind this one in applying the same purge (alert on
 *                         {@code geocdn_purge_lag_seconds} well below it)
 */
@Validated
@ConfigurationProperties("cdn.purge")
public record PurgeProperties(
        String bootstrapServers,
        @DefaultValue("") String purgesTopic,
        @DefaultValue("") String acksTopic,
        @DefaultValue Map<String, String> client,
        @DefaultValue("30s") Duration catchUpTimeout,
        @DefaultValue("1m") Duration maxClockOffset,
        @DefaultValue("0ms") Duration emulatedDelay,
        @NotNull @DefaultValue("60s") Duration tombstoneRetention) {

    /** The purge log as the shared module names it. */
    public PurgeBusSettings bus() {
        return new PurgeBusSettings(bootstrapServers, purgesTopic, acksTopic, 1, (short) 1, client);
    }
}
