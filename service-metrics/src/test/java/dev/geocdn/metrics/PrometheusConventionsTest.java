package dev.geocdn.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusConventionsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    PrometheusConventionsTest() {
        registry.config().meterFilter(new PrometheusConventions());
    }

    @Test
    void countersInAbbreviatedUnits_areNotExported() {
        Counter.builder("jvm.compilation.time").baseUnit("ms").register(registry).increment();
        Counter.builder("process.cpu.time").baseUnit("ns").register(registry).increment();

        assertThat(registry.find("jvm.compilation.time").meter()).isNull();
        assertThat(registry.find("process.cpu.time").meter()).isNull();
    }

    @Test
    void gaugesNamedLikeACount_areRenamed_withHelp() {
        Gauge.builder("system.cpu.count", () -> 2).register(registry);
        Gauge.builder("spring.cloud.gateway.routes.count", () -> 3).register(registry);

        assertThat(registry.find("system.cpu.count").meter()).isNull();
        Meter cpus = registry.get("system.cpus").meter();
        assertThat(cpus.getId().getDescription()).isNotBlank();
        assertThat(registry.get("spring.cloud.gateway.routes").gauge().value()).isEqualTo(3);
    }

    @Test
    void theHttpServerTimers_getHelp_andKeepTheirTags() {
        Timer.builder("http.server.requests").tag("status", "200").register(registry);

        Meter.Id id = registry.get("http.server.requests").meter().getId();
        assertThat(id.getDescription()).startsWith("HTTP requests");
        assertThat(id.getTag("status")).isEqualTo("200");
    }

    @Test
    void anythingElse_isLeftAsItIs() {
        Counter.builder("geocdn.requests").description("own help").tag("result", "hit").register(registry);

        Meter.Id id = registry.get("geocdn.requests").meter().getId();
        assertThat(id.getDescription()).isEqualTo("own help");
        assertThat(id.getTag("result")).isEqualTo("hit");
    }
}
