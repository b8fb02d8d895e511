package dev.geocdn.node.tier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * The node's persistence tier, under {@code cdn.tier.*}: off unless {@code cdn.tier.redis.url}
 * (environment {@code CDN_TIER_REDIS_URL}) names a Redis, or {@code cdn.tier.redis.cluster.nodes}
 * a Redis Cluster.
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
     * @param cluster        a Redis Cluster instead of {@code url}
     * @param timeout        the longest a read or write may take before the node goes on without it
     * @param purgeTimeout   the longest one purge of the tier may take (a surrogate key may list
     *                       many copies); then it is kept and retried
     * @param maxObjectSize  larger objects stay out of the tier (they cost the origin one fetch,
     *                       and the tier's memory many small ones)
     * @param keepStale      how long an object stays in the tier once stale, for revalidation
     *                       (Redis's own maxmemory policy may drop it sooner)
     * @param keyPrefix      the prefix of every key the node writes, so that several products
     *                       or environments may share one Redis
     * @param maxWrites      writes in flight at most; past it a write is skipped (counted), never queued
     * @param breaker        when to stop asking Redis, and when to try again
     * @param popularity     the record of this node's most requested keys, and their pre-load at start
     */
    public record Redis(
            String url,
            @Valid @DefaultValue Cluster cluster,
            @NotNull @DefaultValue("100ms") Duration timeout,
            @NotNull @DefaultValue("5s") Duration purgeTimeout,
            @NotNull @DefaultValue("1MB") DataSize maxObjectSize,
            @NotNull @DefaultValue("1d") Duration keepStale,
            @NotBlank @DefaultValue("geocdn:") String keyPrefix,
            @Min(1) @DefaultValue("256") int maxWrites,
            @Valid @DefaultValue Breaker breaker,
            @Valid @DefaultValue Popularity popularity) {

        /** Whether a tier is configured. */
        public boolean enabled() {
            return (url != null && !url.isBlank()) || cluster.enabled();
        }

        @AssertTrue(message = "set cdn.tier.redis.url or cdn.tier.redis.cluster.nodes, not both")
        public boolean isOneTopology() {
            return cluster == null || !cluster.enabled() || url == null || url.isBlank();
        }
    }

    /**
     * A Redis Cluster, as Spring Data Redis's {@code spring.data.redis.cluster.*} names it.
     *
     * @param nodes        some of its nodes, {@code host:port} (the rest are discovered);
     *                     environment {@code CDN_TIER_REDIS_CLUSTER_NODES}
     * @param username     the ACL user, if any
     * @param password     the password, if any; never logged
     * @param ssl          whether to speak TLS to the nodes
     * @param maxRedirects MOVED and ASK redirections followed per command
     */
    public record Cluster(
            @DefaultValue List<String> nodes,
            String username,
            String password,
            @DefaultValue("false") boolean ssl,
            @Min(0) @DefaultValue("3") int maxRedirects) {

        public boolean enabled() {
            return nodes != null && !nodes.isEmpty();
        }

        @AssertTrue(message = "cdn.tier.redis.cluster.nodes are host:port pairs, e.g. 10.0.0.5:6379")
        public boolean isNodesHostPort() {
            return nodes == null || nodes.stream().allMatch(n -> n != null && n.strip().matches("[^\\s:]+:[0-9]{1,5}")
                    || (n != null && n.strip().matches("\\[[0-9a-fA-F:.]+\\]:[0-9]{1,5}")));
        }

        /** Keeps the password out of logs and bind errors. */
        @Override
        public String toString() {
            return "Cluster[nodes=" + nodes + ", username=" + username + ", ssl=" + ssl + "]";
        }
    }

    /**
     * The popularity record: the node counts a sample of its requests and, every {@code interval},
     * adds its {@code top} most requested keys to a sorted set of its own in the tier (older
     * counts halved, at most {@code keep} keys), so that once restarted it can load its hot set
     * before clients ask.
     *
     * @param sampleEvery one request in this many is counted (1: all); the hit path pays for the
     *                    sampled ones only
     * @param interval    how often the counts go to the tier; zero: no record
     * @param top         keys written per interval
     * @param keep        keys the record keeps
     * @param preload     keys loaded from the tier into memory at start, most requested first;
     *                    0: none (the hot set then comes back as clients ask for it)
     */
    public record Popularity(
            @Min(1) @DefaultValue("8") int sampleEvery,
            @NotNull @DefaultValue("60s") Duration interval,
            @Min(1) @DefaultValue("1000") int top,
            @Min(1) @DefaultValue("10000") int keep,
            @Min(0) @DefaultValue("0") int preload) {
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
