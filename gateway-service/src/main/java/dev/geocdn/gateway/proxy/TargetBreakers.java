package dev.geocdn.gateway.proxy;

import dev.geocdn.gateway.config.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import dev.geocdn.metrics.StateSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Locale;

/**
 * One Resilience4j circuit breaker per forwarding target (node or regional gateway). A target
 * whose connections keep failing is skipped at once, without waiting for the health service to
 * notice (docs/architecture.md, "A failure": gateways' own breakers do not wait); after the open
 * duration one trial request decides whether it is back.
 *
 * <p>Only failures to reach the target count: any HTTP response, 5xx included, is the
 * target's answer and a success for the breaker.
 */
public final class TargetBreakers {

    /** The states a circuit is exported in, as {@code geocdn_gateway_circuit_state}'s {@code state} label. */
    static final List<String> STATES = List.of("closed", "open", "half_open");

    private final CircuitBreakerRegistry registry;

    /**
     * @param meters where each target's circuit state goes, as a state set:
     *               {@code geocdn_gateway_circuit_state{target, state}}
     */
    public TargetBreakers(GatewayProperties.Breaker config, MeterRegistry meters) {
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.slidingWindowSize())
                .minimumNumberOfCalls(config.minimumCalls())
                .waitDurationInOpenState(config.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> true)
                .build());
        registry.getEventPublisher().onEntryAdded(added -> {
            CircuitBreaker breaker = added.getAddedEntry();
            StateSet.register(meters, "geocdn.gateway.circuit.state",
                    "1 for the state the gateway's circuit to a target is in (closed, open, half_open), else 0",
                    Tags.of("target", breaker.getName()), "state", STATES, breaker,
                    b -> b.getState().name().toLowerCase(Locale.ROOT));
        });
    }

    public CircuitBreaker of(String target) {
        return registry.circuitBreaker(target);
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }
}
