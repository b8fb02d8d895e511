package dev.geocdn.health.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The health service's beans ({@link HealthConfiguration}) in a test context, probing a small
 * world: us-west's node has no management URL (so every probe of it succeeds) and eu-west's
 * points at a closed port (so it is down after its first probe). Both have gateway addresses
 * under {@code cdn.example.com}; neither has a gateway.
 */
public final class HealthContexts {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HealthProperties.class)
    static class Properties {
    }

    private HealthContexts() {
    }

    /** The runner; add the provider's properties. */
    public static ApplicationContextRunner probingUsWestUpAndEuWestDown() {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, HealthConfiguration.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "cdn.health.regions.us-west.nodes[0].id=us-west-1",
                        "cdn.health.regions.us-west.nodes[0].url=http://127.0.0.1:1",
                        "cdn.health.regions.eu-west.nodes[0].id=eu-west-1",
                        "cdn.health.regions.eu-west.nodes[0].url=http://127.0.0.1:1",
                        "cdn.health.regions.eu-west.nodes[0].management=http://127.0.0.1:1",
                        "cdn.health.probe.interval=100ms",
                        "cdn.health.probe.timeout=500ms",
                        "cdn.health.probe.failures-to-leave=1",
                        "cdn.health.dns.name=cdn.example.com",
                        "cdn.health.dns.addresses.us-west[0]=192.0.2.10",
                        "cdn.health.dns.addresses.eu-west[0]=192.0.2.30",
                        "cdn.health.dns.provider-retry.initial=100ms",
                        "cdn.health.dns.provider-retry.max=500ms");
    }
}
