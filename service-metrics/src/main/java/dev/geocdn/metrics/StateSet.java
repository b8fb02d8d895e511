package dev.geocdn.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.function.Function;

/**
 * A state exported as Prometheus exports an enum (OpenMetrics' StateSet): one gauge per state
 * the thing can be in, labelled with it, 1 for the state it is in and 0 for the others. So
 * {@code sum by (state)} counts things per state and an alert reads {@code == 1}, without a
 * numeric code to remember. The gauges read the state when scraped; they hold {@code source}
 * weakly, as Micrometer's gauges do.
 */
public final class StateSet {

    private StateSet() {
    }

    /**
     * Registers {@code name{tags, label=s}} for every {@code s} of {@code states}.
     *
     * @param current the state {@code source} is in now, one of {@code states} (any other value
     *                sets every gauge to 0)
     */
    public static <T> void register(MeterRegistry registry, String name, String description, Tags tags, String label,
                                    List<String> states, T source, Function<T, String> current) {
        for (String state : states) {
            Gauge.builder(name, source, s -> state.equals(current.apply(s)) ? 1 : 0)
                    .description(description)
                    .tags(tags)
                    .tag(label, state)
                    .register(registry);
        }
    }
}
