package dev.geocdn.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HopTracingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final Propagator.Getter<Map<String, String>> GET = Map::get;
    private static final Propagator.Setter<Map<String, String>> SET = Map::put;

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final HopTracing tracing = tracing(provider);

    private static HopTracing tracing(SdkTracerProvider provider) {
        io.opentelemetry.api.trace.Tracer otel = provider.get("test");
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        Tracer tracer = new OtelTracer(otel, current, event -> { },
                new OtelBaggageManager(current, List.of(), List.of()));
        return HopTracing.of(tracer, new OtelPropagator(
                ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
    }

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aServerSpanContinuesTheTraceTheRequestCarries() {
        Map<String, String> request = Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01");
        Span span = tracing.server(request, GET, "GET");
        HttpSpans.request(span, "GET", "https", "/a/b?x=1");
        HttpSpans.end(span, 200, true);

        SpanData data = only();
        assertThat(data.getTraceId()).isEqualTo(TRACE);
        assertThat(data.getParentSpanId()).isEqualTo(PARENT);
        assertThat(data.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(data.getName()).isEqualTo("GET");
        assertThat(attribute(data, HttpSpans.URL_PATH)).isEqualTo("/a/b");
        assertThat(attribute(data, HttpSpans.URL_QUERY)).isEqualTo("x=1");
        assertThat(attribute(data, HttpSpans.URL_SCHEME)).isEqualTo("https");
        assertThat(attribute(data, HttpSpans.HTTP_RESPONSE_STATUS_CODE)).isEqualTo("200");
        assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aRequestWithoutContextStartsATrace() {
        Span span = tracing.server(Map.of(), GET, "HEAD");
        span.end();
        SpanData data = only();
        assertThat(data.getParentSpanContext().isValid()).isFalse();
        assertThat(data.getTraceId()).isNotEqualTo(TRACE).hasSize(32);
    }

    @Test
    void theNextHopGetsTheClientSpanAsItsParent() {
        Span server = tracing.server(Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01"), GET, "GET");
        Map<String, String> upstream = new HashMap<>();
        tracing.inject(server, upstream, SET);
        Span client = tracing.clientOf(upstream, GET, "GET");
        Map<String, String> sent = new HashMap<>(upstream);
        tracing.inject(client, sent, SET);
        HttpSpans.end(client, 404, false);
        HttpSpans.end(server, 404, true);

        List<SpanData> spans = exported.getFinishedSpanItems();
        SpanData clientData = spans.get(0);
        SpanData serverData = spans.get(1);
        assertThat(clientData.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(clientData.getParentSpanId()).isEqualTo(serverData.getSpanId());
        assertThat(sent.get("traceparent")).isEqualTo("00-" + TRACE + "-" + clientData.getSpanId() + "-01");
        // a 4xx is the client's error, not the server's
        assertThat(clientData.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attribute(clientData, HttpSpans.ERROR_TYPE)).isEqualTo("404");
        assertThat(serverData.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aServerErrorIsAnErrorOnTheServerSpan() {
        HttpSpans.end(tracing.server(Map.of(), GET, "GET"), 503, true);
        assertThat(only().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void aRequestWithoutContextMakesNoClientSpan() {
        assertThat(tracing.clientOf(Map.of(), GET, "GET").isNoop()).isTrue();
    }

    @Test
    void anUnsampledTraceRecordsNothingButTravelsOn() {
        Span server = tracing.server(Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-00"), GET, "GET");
        Map<String, String> upstream = new HashMap<>();
        tracing.inject(server, upstream, SET);
        Span client = tracing.child(server, Span.Kind.CLIENT, "GET");
        Map<String, String> sent = new HashMap<>();
        tracing.inject(client, sent, SET);
        client.end();
        server.end();
        assertThat(exported.getFinishedSpanItems()).isEmpty();
        assertThat(upstream.get("traceparent")).startsWith("00-" + TRACE + "-").endsWith("-00");
        assertThat(sent.get("traceparent")).as("the unsampled hop's context, no span of its own")
                .isEqualTo(upstream.get("traceparent"));
        assertThat(tracing.internal(server, "wait").isNoop()).isTrue();
    }

    @Test
    void tracingOffMakesNoSpanAndWritesNoField() {
        HopTracing off = HopTracing.of(Tracer.NOOP, Propagator.NOOP);
        Span span = off.server(Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01"), GET, "GET");
        Map<String, String> upstream = new HashMap<>();
        off.inject(span, upstream, SET);
        assertThat(off.on()).isFalse();
        assertThat(span.isNoop()).isTrue();
        assertThat(upstream).isEmpty();
    }

    @Test
    void theSampledFlagIsReadFromTheFieldsLastDigits() {
        assertThat(HopTracing.sampled("00-" + TRACE + "-" + PARENT + "-01")).isTrue();
        assertThat(HopTracing.sampled("00-" + TRACE + "-" + PARENT + "-03")).isTrue();
        assertThat(HopTracing.sampled("00-" + TRACE + "-" + PARENT + "-00")).isFalse();
        assertThat(HopTracing.sampled("00-" + TRACE + "-" + PARENT + "-02")).isFalse();
        assertThat(HopTracing.sampled("00-" + TRACE + "-" + PARENT)).isFalse();
        assertThat(HopTracing.sampled(null)).isFalse();
    }

    private SpanData only() {
        assertThat(exported.getFinishedSpanItems()).hasSize(1);
        return exported.getFinishedSpanItems().get(0);
    }

    private static String attribute(SpanData data, String key) {
        return data.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals(key)).map(e -> String.valueOf(e.getValue()))
                .findFirst().orElse(null);
    }
}
