package dev.geocdn.invalidation.limits;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The purge rate limit of each token: one Resilience4j {@link RateLimiter} per token name, so
 * one busy client cannot use up another's share. A request either takes a permit at once or
 * is refused (no waiting: a purge client should back off, not hold a connection), with how
 * long until the next permit, for {@code Retry-After} (RFC 6585 §4, RFC 9110 §10.2.3).
 *
 * <p>Resilience4j's limiter works in fixed cycles of {@code period} that each hold
 * {@code limit} permits; it reads {@link System#nanoTime()} itself, so tests use periods long
 * enough that the cycle cannot turn over during them.
 */
public final class PurgeRateLimits {

    /**
     * A limit: {@code limit} requests per {@code period}.
     */
    public record Limit(int limit, Duration period) {
        public Limit {
            if (limit < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a rate limit needs limit >= 1 and a positive period");
            }
        }
    }

    private final RateLimiterRegistry registry;
    private final Limit defaultLimit;
    private final Map<String, Limit> perToken;

    /**
     * @param defaultLimit the limit of tokens that have none of their own
     * @param perToken     token name to its own limit
     */
    public PurgeRateLimits(Limit defaultLimit, Map<String, Limit> perToken) {
        this.registry = RateLimiterRegistry.of(config(defaultLimit));
        this.defaultLimit = defaultLimit;
        this.perToken = Map.copyOf(perToken);
    }

    /** The limiters, for metrics ({@code resilience4j_ratelimiter_*{name=<token>}}). */
    public RateLimiterRegistry registry() {
        return registry;
    }

    /**
     * Takes a permit for {@code token}: empty when allowed, else how long until the next one
     * (at least a second, as {@code Retry-After} counts whole seconds).
     */
    public Optional<Duration> acquire(String token) {
        RateLimiter limiter = registry.rateLimiter(token, config(perToken.getOrDefault(token, defaultLimit)));
        if (limiter.acquirePermission()) {
            return Optional.empty();
        }
        Duration wait = limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics metrics
                ? Duration.ofNanos(Math.max(metrics.getNanosToWait(), 0))
                : limiter.getRateLimiterConfig().getLimitRefreshPeriod();
        return Optional.of(wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait);
    }

    private static RateLimiterConfig config(Limit limit) {
        return RateLimiterConfig.custom()
                .limitForPeriod(limit.limit())
                .limitRefreshPeriod(limit.period())
                .timeoutDuration(Duration.ZERO)
                .build();
    }
}
