package dev.geocdn.node.tier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the persistence tier does, for Prometheus: {@code geocdn_tier_reads_total} and
 * {@code geocdn_tier_writes_total} by outcome, the bytes read and written, the read latency, and
 * {@code geocdn_tier_available} (0 while the circuit to the tier is open).
 */
public final class TierMetrics {

    /** How a read ended. */
    public enum Read { HIT, MISS, UNREADABLE, UNLISTED, TIMEOUT, FAILED, UNAVAILABLE, PURGE_PENDING }

    /** How a write ended. */
    public enum Write { WRITTEN, FAILED, UNAVAILABLE, BUSY, TOO_LARGE }

    private final Map<Read, Counter> reads = new EnumMap<>(Read.class);
    private final Map<Write, Counter> writes = new EnumMap<>(Write.class);
    private final Counter readBytes;
    private final Counter writtenBytes;
    private final Counter removeFailures;
    private final Timer readLatency;

    public TierMetrics(MeterRegistry registry, CircuitBreaker breaker) {
        for (Read outcome : Read.values()) {
            reads.put(outcome, Counter.builder("geocdn.tier.reads").tag("outcome", token(outcome))
                    .description("Reads from the persistence tier, by outcome").register(registry));
        }
        for (Write outcome : Write.values()) {
            writes.put(outcome, Counter.builder("geocdn.tier.writes").tag("outcome", token(outcome))
                    .description("Writes to the persistence tier, by outcome").register(registry));
        }
        readBytes = Counter.builder("geocdn.tier.read").baseUnit("bytes")
                .description("Bytes read from the persistence tier").register(registry);
        writtenBytes = Counter.builder("geocdn.tier.written").baseUnit("bytes")
                .description("Bytes written to the persistence tier").register(registry);
        removeFailures = Counter.builder("geocdn.tier.purge.failures")
                .description("Purges that could not reach the persistence tier").register(registry);
        readLatency = Timer.builder("geocdn.tier.read.duration")
                .description("How long reads from the persistence tier take").register(registry);
        Gauge.builder("geocdn.tier.available", breaker, b -> b.getState() == CircuitBreaker.State.OPEN
                        || b.getState() == CircuitBreaker.State.FORCED_OPEN ? 0 : 1)
                .description("1 while the node uses its persistence tier, 0 while the circuit to it is open")
                .register(registry);
    }

    private static String token(Enum<?> outcome) {
        return outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    void read(Read outcome, long bytes, long nanos) {
        reads.get(outcome).increment();
        if (bytes > 0) {
            readBytes.increment(bytes);
        }
        readLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void write(Write outcome, long bytes) {
        writes.get(outcome).increment();
        if (bytes > 0) {
            writtenBytes.increment(bytes);
        }
    }

    void removeFailed() {
        removeFailures.increment();
    }
}
