package dev.geocdn.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import java.util.Map;
import java.util.Set;

/**
 * Brings the meters the frameworks register (Spring Boot's HTTP server timers, Micrometer's JVM
 * and process binders, Spring Cloud Gateway's route gauge) in line with Prometheus' naming
 * conventions, as {@code promtool check metrics} checks them, so that every service's scrape is
 * clean and its own {@code geocdn_} series are not lost among warnings:
 * <ul>
 *   <li>every series has help text: the HTTP server timers get one;</li>
 *   <li>no name carries an abbreviated unit: the two counters kept in milliseconds and nanoseconds
 *       ({@code jvm.compilation.time}, {@code process.cpu.time}) are not exported, since a filter
 *       cannot rescale them and {@code process_cpu_usage} says what the second one says;</li>
 *   <li>only histograms and summaries end in {@code _count}: two gauges are renamed
 *       ({@code system_cpus}, {@code spring_cloud_gateway_routes}).</li>
 * </ul>
 * Names that pass stay as their libraries define them, so that common dashboards keep working.
 */
public final class PrometheusConventions implements MeterFilter {

    private static final Set<String> NOT_EXPORTED = Set.of("jvm.compilation.time", "process.cpu.time");

    private static final Map<String, String> RENAMED = Map.of(
            "system.cpu.count", "system.cpus",
            "spring.cloud.gateway.routes.count", "spring.cloud.gateway.routes");

    private static final Map<String, String> HELP = Map.of(
            "http.server.requests", "HTTP requests the service answered, by method, route, status and outcome",
            "http.server.requests.active", "HTTP requests the service is answering now",
            "system.cpus", "The number of processors available to the Java virtual machine",
            "spring.cloud.gateway.routes", "The routes the gateway has");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return NOT_EXPORTED.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = RENAMED.getOrDefault(id.getName(), id.getName());
        String help = id.getDescription() == null || id.getDescription().isBlank() ? HELP.get(name) : null;
        if (name.equals(id.getName()) && help == null) {
            return id;
        }
        return new Meter.Id(name, Tags.of(id.getTagsAsIterable()), id.getBaseUnit(),
                help != null ? help : id.getDescription(), id.getType());
    }
}
