package dev.geocdn.tracing;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Tracing records only what it can export: while no OTLP endpoint is configured and the sampling
 * probability is not set, new traces are not sampled ({@code management.tracing.sampling.probability}
 * defaults to 0 instead of Spring Boot's 0.1). Trace context is still read and sent on every hop,
 * so logs and the origin see one trace id per request, and a caller's sampled {@code traceparent}
 * is still followed; but nothing is recorded only to be dropped, which on the gateway's fast
 * path cost about a tenth of its throughput. With an endpoint, Spring Boot's default applies.
 */
public class SamplingDefaults implements EnvironmentPostProcessor, Ordered {

    static final String PROBABILITY = "management.tracing.sampling.probability";
    static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(PROBABILITY) || environment.containsProperty(ENDPOINT)) {
            return;
        }
        environment.getPropertySources().addLast(
                new MapPropertySource("geocdnTracingDefaults", Map.of(PROBABILITY, "0.0")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after every source of configuration has been added
    }
}
