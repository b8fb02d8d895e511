package dev.geocdn.node.tier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import java.time.Clock;
import java.time.Duration;

/**
 * The node's persistence tier: Redis when {@code cdn.tier.redis.url} names one (or Sentinel), a
 * Redis Cluster when {@code cdn.tier.redis.cluster.nodes} lists some of its nodes, none otherwise.
 * The connection is made here rather than by Spring Boot's Redis auto-configuration, so that a
 * node without a tier has no Redis client, and no health indicator for a Redis it does not use.
 */
@Configuration(proxyBeanMethods = false)
public class TierConfiguration {

    /** How often a node asks a Redis Cluster for its topology when nothing made it ask sooner. */
    static final Duration CLUSTER_REFRESH = Duration.ofSeconds(30);

    /** The tier's Redis connection, or none; closed with the context. */
    @Bean(destroyMethod = "close")
    TierConnection tierConnection(TierProperties properties) {
        TierProperties.Redis redis = properties.redis();
        if (!redis.enabled()) {
            return new TierConnection(null);
        }
        RedisConfiguration target;
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        if (redis.cluster().enabled()) {
            TierProperties.Cluster cluster = redis.cluster();
            RedisClusterConfiguration nodes = new RedisClusterConfiguration(cluster.nodes().stream().map(String::strip).toList());
            nodes.setMaxRedirects(cluster.maxRedirects());
            nodes.setUsername(cluster.username());
            if (cluster.password() != null) {
                nodes.setPassword(RedisPassword.of(cluster.password()));
            }
            target = nodes;
            if (cluster.ssl()) {
                client.useSsl();
            }
            // a moved slot or a failed-over master is learnt from the redirects themselves, and a
            // periodic refresh catches what no command ran into
            client.clientOptions(ClusterClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .enablePeriodicRefresh(CLUSTER_REFRESH)
                            .build())
                    .build());
        } else {
            RedisURI uri = parse(redis.url());
            target = LettuceConnectionFactory.createRedisConfiguration(uri);
            client.apply(uri)
                    // while disconnected, commands fail at once instead of queueing for the reconnect
                    .clientOptions(ClientOptions.builder()
                            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                            .build());
        }
        client.commandTimeout(redis.timeout().multipliedBy(2)).shutdownTimeout(Duration.ZERO);
        LettuceConnectionFactory factory = new LettuceConnectionFactory(target, client.build());
        factory.afterPropertiesSet();
        factory.start();
        return new TierConnection(factory);
    }

    @Bean
    ResponseTier responseTier(TierProperties properties, TierConnection connection, MeterRegistry registry,
                              Clock clock) {
        if (connection.factory() == null) {
            return ResponseTier.NONE;
        }
        TierProperties.Redis redis = properties.redis();
        TierProperties.Breaker settings = redis.breaker();
        CircuitBreaker breaker = CircuitBreaker.of("redis-tier", CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.window())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        RedisTier tier = new RedisTier(connection.template(), redis, breaker, new TierMetrics(registry, breaker), clock);
        Gauge.builder("geocdn.tier.purges.pending", tier, RedisTier::pendingPurges)
                .description("Purges that could not reach the persistence tier yet; the tier is not read while any is")
                .register(registry);
        return tier;
    }

    /**
     * {@code tier} in the node's health: {@code UP} while the node uses Redis, {@code DEGRADED}
     * while the circuit to it is open or half-open. A status outside Spring Boot's order, so it
     * never takes the node out of service: a node without its tier serves from memory and origin.
     */
    @Bean
    HealthIndicator tierHealthIndicator(ResponseTier tier, TierProperties properties) {
        String where = !(tier instanceof RedisTier) ? null : properties.redis().cluster().enabled()
                ? "cluster via " + properties.redis().cluster().nodes() : describe(parse(properties.redis().url()));
        return () -> {
            if (!(tier instanceof RedisTier redis)) {
                return Health.up().withDetail("configured", false).build();
            }
            CircuitBreaker.State circuit = redis.circuit();
            Health.Builder health = circuit == CircuitBreaker.State.CLOSED ? Health.up() : Health.status(DEGRADED);
            return health.withDetail("circuit", circuit.name())
                    .withDetail("redis", where)
                    .build();
        };
    }

    /** The status of a tier the node is not using now. */
    static final String DEGRADED = "DEGRADED";

    /** Where the tier is, without credentials. */
    static String describe(RedisURI uri) {
        if (uri.getSentinels() != null && !uri.getSentinels().isEmpty()) {
            return "sentinel " + uri.getSentinelMasterId() + " via " + uri.getSentinels().stream()
                    .map(s -> s.getHost() + ":" + s.getPort()).toList();
        }
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    /** The URL as Lettuce reads it, or a startup failure that names the property. */
    static RedisURI parse(String url) {
        try {
            return RedisURI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cdn.tier.redis.url is not a Redis URL (redis://host:port, "
                    + "rediss://host:port or redis-sentinel://host:port#master): " + e.getMessage(), e);
        }
    }

    /** The connection factory, when there is a tier; a bean of its own so that the context closes it. */
    public record TierConnection(LettuceConnectionFactory factory) implements AutoCloseable {

        /** Commands on the tier: keys as strings, values (copies, set members) as bytes. */
        public ReactiveRedisTemplate<String, byte[]> template() {
            return new ReactiveRedisTemplate<>(factory,
                    RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.string())
                            .value(RedisSerializer.byteArray())
                            .build());
        }

        @Override
        public void close() {
            if (factory != null) {
                factory.destroy();
            }
        }
    }
}
