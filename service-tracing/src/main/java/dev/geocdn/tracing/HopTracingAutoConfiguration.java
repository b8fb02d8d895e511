package dev.geocdn.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link HopTracing} of every service that has this module, over the tracer Spring Boot
 * configures (Micrometer Tracing with the OpenTelemetry bridge). Off, so that the hand-written
 * paths neither make spans nor send trace context, under Spring Boot's own switch for exporting
 * and propagating traces, {@code management.tracing.export.enabled=false}, which by itself leaves
 * the tracer in place.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"})
public class HopTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    HopTracing hopTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
                          Environment environment) {
        if (!environment.getProperty("management.tracing.export.enabled", Boolean.class, true)) {
            return HopTracing.off();
        }
        return HopTracing.of(tracer.getIfUnique(), propagator.getIfUnique());
    }
}
