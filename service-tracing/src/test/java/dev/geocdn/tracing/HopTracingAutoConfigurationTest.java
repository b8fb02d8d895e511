package dev.geocdn.tracing;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a service's tracing is configured by Spring Boot's own properties: on by default, spans
 * exported over OTLP only when {@code management.opentelemetry.tracing.export.otlp.endpoint} is
 * set (no exporter at all otherwise, so nothing is sent and nothing is logged about it), and off
 * with {@code management.tracing.export.enabled=false}.
 */
class HopTracingAutoConfigurationTest {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withPropertyValues("spring.application.name=geocdn-test")
            .withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class,
                    MicrometerTracingAutoConfiguration.class, NoopTracerAutoConfiguration.class,
                    HopTracingAutoConfiguration.class));

    @Test
    void tracingIsOnWithoutAnExporterByDefault() {
        service.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(HopTracing.class).on()).isTrue();
            assertThat(context).doesNotHaveBean(SpanExporter.class);
        });
    }

    @Test
    void anOtlpEndpointExportsThere() {
        service.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:4318/v1/traces")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(OtlpHttpSpanExporter.class);
                    assertThat(context.getBean(HopTracing.class).on()).isTrue();
                });
    }

    @Test
    void tracingCanBeTurnedOff() {
        service.withPropertyValues("management.tracing.export.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(HopTracing.class).on()).isFalse();
        });
    }
}
