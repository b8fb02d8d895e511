package dev.geocdn.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class StateSetTest {

    @Test
    void theCurrentStateIsOneAndEveryOtherZero_readWhenScraped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<String> circuit = new AtomicReference<>("closed");
        StateSet.register(registry, "circuit.state", "a circuit's state", Tags.of("target", "a"), "state",
                List.of("closed", "open", "half_open"), circuit, AtomicReference::get);

        assertThat(value(registry, "closed")).isEqualTo(1);
        assertThat(value(registry, "open")).isZero();
        circuit.set("open");
        assertThat(value(registry, "closed")).isZero();
        assertThat(value(registry, "open")).isEqualTo(1);
        assertThat(value(registry, "half_open")).isZero();
        circuit.set("disabled");
        assertThat(registry.find("circuit.state").gauges()).allSatisfy(g -> assertThat(g.value()).isZero());
    }

    private static double value(SimpleMeterRegistry registry, String state) {
        return registry.get("circuit.state").tag("target", "a").tag("state", state).gauge().value();
    }
}
