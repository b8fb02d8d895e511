package dev.geocdn.node.purge;

import dev.geocdn.protocol.purge.PurgeCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * The node's purge meters: purges applied (hard or soft), cached URLs they removed or marked
 * stale, and the time from a purge being written to the log to this node applying it.
 */
public final class PurgeMetrics {

    private final Counter hard;
    private final Counter soft;
    private final Counter removed;
    private final Timer lag;

    public PurgeMetrics(MeterRegistry registry, dev.geocdn.cache.store.ResponseCache cache) {
        io.micrometer.core.instrument.Gauge.builder("geocdn.purge.tombstones", cache,
                        dev.geocdn.cache.store.ResponseCache::tombstoneCount)
                .description("Purge tombstones kept against fills that started before their purge").register(registry);
        io.micrometer.core.instrument.Gauge.builder("geocdn.fills.in.flight", cache,
                        dev.geocdn.cache.store.ResponseCache::fillsInFlight)
                .description("Fills and revalidations started and not yet finished").register(registry);
        hard = Counter.builder("geocdn.purges.applied").tag("soft", "false")
                .description("Purges applied from the purge log").register(registry);
        soft = Counter.builder("geocdn.purges.applied").tag("soft", "true")
                .description("Purges applied from the purge log").register(registry);
        removed = Counter.builder("geocdn.purge.removed.urls")
                .description("Cached URLs removed (or marked stale) by purges").register(registry);
        lag = Timer.builder("geocdn.purge.lag")
                .description("From a purge written to the log to this node applying it")
                .publishPercentileHistogram().register(registry);
    }

    void applied(PurgeCommand purge, long removedUrls, long lagMillis) {
        (purge.soft() ? soft : hard).increment();
        removed.increment(removedUrls);
        lag.record(Duration.ofMillis(Math.max(0, lagMillis)));
    }
}
