package dev.geocdn.gateway.proxy;

import dev.geocdn.gateway.config.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

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

    private final CircuitBreakerRegistry registry;

    public TargetBreakers(GatewayProperties.Breaker config) {
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
    }

    public CircuitBreaker of(String target) {
        return registry.circuitBreaker(target);
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }
}
