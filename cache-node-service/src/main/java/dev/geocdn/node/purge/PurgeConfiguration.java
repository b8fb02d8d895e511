package dev.geocdn.node.purge;

import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.config.NodeProperties;
import dev.geocdn.node.tier.ResponseTier;
import dev.geocdn.protocol.hlc.HlcTime;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Wires the node to the purge log when {@code cdn.purge.bootstrap-servers} is set. */
@Configuration(proxyBeanMethods = false)
public class PurgeConfiguration {

    /** The node's hybrid logical clock, on the node's clock: purges advance it, fills and revalidations read it. */
    @Bean
    HybridLogicalClock hybridLogicalClock(PurgeProperties properties, Clock clock) {
        return new HybridLogicalClock(clock::millis, properties.maxClockOffset());
    }

    /**
     * Expires tombstones every second: a purge expires them too, but without further purges the
     * last ones would otherwise stay (and keep their floor) until the next.
     */
    @Bean(destroyMethod = "shutdownNow")
    java.util.concurrent.ScheduledExecutorService tombstoneSweeper(ResponseCache cache, Clock clock) {
        java.util.concurrent.ScheduledExecutorService sweeper = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("geocdn-tombstone-sweeper").factory());
        sweeper.scheduleWithFixedDelay(() -> cache.expireTombstones(HlcTime.of(clock.millis(), 0)), 1, 1,
                java.util.concurrent.TimeUnit.SECONDS);
        return sweeper;
    }

    @Bean
    @ConditionalOnProperty("cdn.purge.bootstrap-servers")
    PurgeLog purgeLog(PurgeProperties properties, NodeProperties node, HybridLogicalClock hlc,
                      ResponseCache cache, ResponseTier tier, MeterRegistry registry, Clock clock) {
        return new PurgeLog(properties, node.nodeId(), node.region(), hlc, new CachePurgeApplier(cache, tier, hlc),
                new PurgeMetrics(registry, cache), clock);
    }
}
