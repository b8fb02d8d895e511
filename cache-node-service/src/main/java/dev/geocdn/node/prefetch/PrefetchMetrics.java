package dev.geocdn.node.prefetch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.IntSupplier;

/**
 * The prefetcher's meters: {@code geocdn_prefetch_requests_total{trigger, outcome}} counts every
 * target offered, by what came of it ({@code warmed}, {@code fresh}, {@code failed} once fetched;
 * {@code duplicate}, {@code recent} or {@code dropped} when not fetched), and
 * {@code geocdn_prefetch_queued} the targets waiting.
 */
public final class PrefetchMetrics {

    private final MeterRegistry registry;

    public PrefetchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void bindQueue(IntSupplier queued) {
        Gauge.builder("geocdn.prefetch.queued", queued::getAsInt)
                .description("Prefetch targets waiting for a free fetch").register(registry);
    }

    void fetched(String trigger, String outcome) {
        counter(trigger, outcome).increment();
    }

    void skipped(String trigger, String why) {
        counter(trigger, why).increment();
    }

    private Counter counter(String trigger, String outcome) {
        return Counter.builder("geocdn.prefetch.requests")
                .description("Prefetch targets by trigger (preload, hls, playlist) and what came of them")
                .tag("trigger", trigger).tag("outcome", outcome).register(registry);
    }
}
