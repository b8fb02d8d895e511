package dev.geocdn.node.metrics;

import dev.geocdn.cache.store.ResponseCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's Prometheus metrics. Every meter carries {@code region} and {@code node} tags (as
 * common tags, see application.yml), so one Grafana query can compare nodes and regions.
 *
 * <ul>
 *   <li>{@code geocdn_requests_total{result}}: hit, stale, revalidated, collapsed, miss, pass, error</li>
 *   <li>{@code geocdn_request_duration_seconds}: latency histogram, by result</li>
 *   <li>{@code geocdn_served_bytes_total}, {@code geocdn_origin_received_bytes_total}</li>
 *   <li>{@code geocdn_cache_hit_ratio}: served from cache / all cacheable requests, since start</li>
 *   <li>{@code geocdn_cache_stored_bytes}, {@code geocdn_cache_objects}, {@code geocdn_cache_evictions_total}</li>
 *   <li>{@code geocdn_requests_collapsed_total}</li>
 * </ul>
 */
public final class NodeMetrics {

    /** Outcome of one request, as reported by the data plane. */
    public record Outcome(String result, boolean servedFromCache, boolean cacheable, long bytes, long durationNanos) {
    }

    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Counter servedBytes;
    private final Counter originBytes;
    private final Counter collapsed;
    private final LongAdder cacheableRequests = new LongAdder();
    private final LongAdder cacheServed = new LongAdder();
    /** The hit meters, resolved at the first hit: the hit path records without a lookup. */
    private volatile Counter hitRequests;
    private volatile Timer hitLatency;

    /** Registers gauges of the off-heap body memory, when the node keeps bodies there. */
    public void bindOffHeap(dev.geocdn.cache.memory.SlabAllocator allocator) {
        Gauge.builder("geocdn.cache.offheap.allocated", allocator, a -> a.stats().allocatedBytes()).baseUnit("bytes")
                .description("Off-heap bytes held by bodies (stored, filling or being sent)").register(registry);
        Gauge.builder("geocdn.cache.offheap.reserved", allocator, a -> a.stats().reservedBytes()).baseUnit("bytes")
                .description("Off-heap bytes reserved in slabs").register(registry);
    }

    public NodeMetrics(MeterRegistry registry, ResponseCache cache) {
        this.registry = registry;
        this.servedBytes = Counter.builder("geocdn.served").baseUnit("bytes")
                .description("Response body bytes sent to clients").register(registry);
        this.originBytes = Counter.builder("geocdn.origin.received").baseUnit("bytes")
                .description("Response body bytes received from the origin").register(registry);
        this.collapsed = Counter.builder("geocdn.requests.collapsed")
                .description("Requests answered by another request's fill").register(registry);
        Gauge.builder("geocdn.cache.hit.ratio", this, NodeMetrics::hitRatio)
                .description("Cacheable requests served from cache since start").register(registry);
        Gauge.builder("geocdn.cache.stored", cache, ResponseCache::storedBytes).baseUnit("bytes")
                .description("Bytes of bodies and headers stored").register(registry);
        Gauge.builder("geocdn.cache.objects", cache, ResponseCache::objectCount)
                .description("URLs stored").register(registry);
        Gauge.builder("geocdn.cache.max", cache, ResponseCache::maxBytes).baseUnit("bytes")
                .description("The configured byte bound").register(registry);
        FunctionCounter.builder("geocdn.cache.evictions", cache, ResponseCache::evictionCount)
                .description("Entries evicted to respect the byte bound").register(registry);
    }

    private Counter requestsOf(String result) {
        return requests.computeIfAbsent(result, r -> Counter.builder("geocdn.requests").tag("result", r)
                .description("Client requests by how they were answered").register(registry));
    }

    private Timer latencyOf(String result) {
        return latency.computeIfAbsent(result, r -> Timer.builder("geocdn.request.duration").tag("result", r)
                .description("Time from request to the end of the response")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(0).plusNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    /** Records a hit served from cache: {@link #record} for a hit, without an {@link Outcome} per request. */
    public void hit(long bytes, long durationNanos) {
        Counter counter = hitRequests;
        Timer timer = hitLatency;
        if (counter == null || timer == null) {
            counter = requestsOf("hit");
            timer = latencyOf("hit");
            hitRequests = counter;
            hitLatency = timer;
        }
        counter.increment();
        timer.record(durationNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        servedBytes.increment(bytes);
        cacheableRequests.increment();
        cacheServed.increment();
    }

    /** Records one finished request. */
    public void record(Outcome outcome) {
        requestsOf(outcome.result()).increment();
        latencyOf(outcome.result()).record(outcome.durationNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        servedBytes.increment(outcome.bytes());
        if (outcome.cacheable()) {
            cacheableRequests.increment();
            if (outcome.servedFromCache()) {
                cacheServed.increment();
            }
        }
        if (outcome.result().equals("collapsed")) {
            collapsed.increment();
        }
    }

    /** Counts body bytes received from the origin. */
    public void originBytes(long bytes) {
        originBytes.increment(bytes);
    }

    private double hitRatio() {
        long total = cacheableRequests.sum();
        return total == 0 ? 0 : (double) cacheServed.sum() / total;
    }
}
