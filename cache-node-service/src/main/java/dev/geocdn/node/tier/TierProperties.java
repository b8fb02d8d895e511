package dev.geocdn.node.tier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The node's persistence tier, under {@code cdn.tier.*}: off unless {@code cdn.tier.redis.url}
 * (environment {@code CDN_TIER_REDIS_URL}) names a Redis.
 *
 * @param redis the Redis tier
 */
@Validated
@ConfigurationProperties("cdn.tier")
public record TierProperties(@Valid @DefaultValue Redis redis) {

    /**
     * @param url            {@code redis://[user:password@]host:port[/database]}, {@code rediss://} for
     *                       TLS, or {@code redis-sentinel://[password@]host:port[,host:port...][/database]#master};
     *                       unset: no tier
     * @param timeout        the longest a read or write may take before the node goes on without it
     * @param maxObjectSize  larger objects stay out of the tier (they cost the origin one fetch,
     *                       and the tier's memory many small ones)
     * @param keepStale      how long an object stays in the tier once stale, for revalidation
     *                       (Redis's own maxmemory policy may drop it sooner)
     * @param keyPrefix      the prefix of every key the node writes, so that several products
     *                       or environments may share one Redis
     * @param maxWrites      writes in flight at most; past it a write is skipped (counted), never queued
     * @param breaker        when to stop asking Redis, and when to try again
     */
    public record Redis(
            String url,
            @NotNull @DefaultValue("100ms") Duration timeout,
            @NotNull @DefaultValue("1MB") DataSize maxObjectSize,
            @NotNull @DefaultValue("1d") Duration keepStale,
            @NotBlank @DefaultValue("geocdn:") String keyPrefix,
            @Min(1) @DefaultValue("256") int maxWrites,
            @Valid @DefaultValue Breaker breaker) {

        /** Whether a tier is configured. */
        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param failureRateThreshold percent of failed or slow calls in the window that opens the circuit
     * @param window               calls judged together
     * @param openFor              how long the circuit stays open before a few calls try again
     */
    public record Breaker(
            @Min(1) @DefaultValue("50") int failureRateThreshold,
            @Min(2) @DefaultValue("20") int window,
            @NotNull @DefaultValue("5s") Duration openFor) {
    }
}
