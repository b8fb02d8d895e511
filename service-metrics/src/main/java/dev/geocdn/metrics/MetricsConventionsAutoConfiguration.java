package dev.geocdn.metrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link PrometheusConventions} in every service that has this module: Spring Boot
 * applies each {@code MeterFilter} bean to the meter registries before any meter is made.
 */
@AutoConfiguration
public class MetricsConventionsAutoConfiguration {

    @Bean
    PrometheusConventions prometheusConventions() {
        return new PrometheusConventions();
    }
}
