package dev.geocdn.node.metrics;

import dev.geocdn.metrics.StateSet;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Locale;

/**
 * {@code geocdn_upstream_circuit_state{circuit, state}}: the state of each circuit the node keeps
 * to what it fetches from, as a state set (1 for the state it is in, closed, open or half_open):
 * {@code circuit} is {@code origin}, or {@code peer-<node>-<timeout>} for another region's node
 * (a parent or a sibling, one circuit per response timeout it is asked with). An open circuit
 * means requests skip it for the open duration: to the next tier, or a 502/504 for the origin.
 * The Redis tier's circuit is {@code geocdn_tier_available}.
 */
public final class CircuitMetrics {

    private static final List<String> STATES = List.of("closed", "open", "half_open");

    private CircuitMetrics() {
    }

    /** Exports {@code breaker}'s state, read when scraped. */
    public static void register(MeterRegistry registry, CircuitBreaker breaker) {
        StateSet.register(registry, "geocdn.upstream.circuit.state",
                "1 for the state the node's circuit to an upstream is in (closed, open, half_open), else 0",
                Tags.of("circuit", breaker.getName()), "state", STATES, breaker,
                b -> b.getState().name().toLowerCase(Locale.ROOT));
    }
}
