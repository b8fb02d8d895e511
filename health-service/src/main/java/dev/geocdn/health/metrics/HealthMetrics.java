package dev.geocdn.health.metrics;

import dev.geocdn.health.membership.HealthBook;
import dev.geocdn.health.membership.StateChange;
import dev.geocdn.health.probe.ProbeListener;
import dev.geocdn.health.verdict.ProbeResult;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health service's own Prometheus metrics: what it probes and what it decides. Series per
 * node and per region are tagged {@code region} (and {@code node}) as the nodes' own metrics are,
 * so a dashboard can put a node's verdict beside its traffic.
 *
 * <ul>
 *   <li>{@code geocdn_health_probes_total{kind, outcome}}: probes by target kind ({@code node},
 *       {@code gateway}) and outcome ({@code ok}, {@code failed}; a timeout is a failure).</li>
 *   <li>{@code geocdn_health_probe_duration_seconds{kind, outcome}}: histogram of how long probes
 *       took, from their start to their result.</li>
 *   <li>{@code geocdn_health_node_up{region, node}}: 1 while the verdict on the node is up, else
 *       0 (also before its first probe).</li>
 *   <li>{@code geocdn_health_region_up{region}}: 1 while the region is up (its gateway, where it
 *       has one, and at least one of its nodes), else 0.</li>
 *   <li>{@code geocdn_health_state_transitions_total{kind, region, to}}: state changes of nodes,
 *       gateways and regions ({@code kind} {@code node}, {@code gateway} or {@code region};
 *       {@code to} {@code up} or {@code down}), the same changes alerts are sent for: a target
 *       found down by its very first probe counts as one to {@code down}, the first good probe
 *       of a starting world does not count.</li>
 * </ul>
 * Each DNS provider that is kept in sync adds {@code geocdn_dns_sync_total{provider, outcome}}
 * and {@code geocdn_dns_in_sync{provider}} (see {@code DnsRecordsSync}).
 *
 * <p>Concurrency: probes finish on many threads; meters are created once per tag combination
 * and found in concurrent maps. Gauges read the health book's current membership (a volatile
 * load) when scraped, so they always agree with {@code GET /v1/regions}.
 */
public final class HealthMetrics implements ProbeListener {

    private record ProbeKey(String kind, boolean ok) {
    }

    private record TransitionKey(String kind, String region, String to) {
    }

    private final MeterRegistry registry;
    private final Map<ProbeKey, Counter> probes = new ConcurrentHashMap<>();
    private final Map<ProbeKey, Timer> probeDurations = new ConcurrentHashMap<>();
    private final Map<TransitionKey, Counter> transitions = new ConcurrentHashMap<>();

    /** Registers the verdict gauges of every node and region of {@code book}'s topology. */
    public HealthMetrics(MeterRegistry registry, HealthBook book) {
        this.registry = registry;
        book.topology().forEach((region, spec) -> {
            Gauge.builder("geocdn.health.region.up", book,
                            b -> b.current().region(region).filter(RegionStatus::isUp).isPresent() ? 1 : 0)
                    .tag("region", region)
                    .description("1 while the region is up, else 0").register(registry);
            for (Membership.NodeSpec node : spec.nodes()) {
                Gauge.builder("geocdn.health.node.up", book,
                                b -> b.current().node(node.id()).filter(NodeStatus::isUp).isPresent() ? 1 : 0)
                        .tag("region", region).tag("node", node.id())
                        .description("1 while the verdict on the node is up, else 0").register(registry);
            }
        });
    }

    @Override
    public void probed(String kind, ProbeResult result, Duration took) {
        ProbeKey key = new ProbeKey(kind, result.ok());
        // the histogram first: whoever sees the counter at n sees at least n probes timed
        probeDurations.computeIfAbsent(key, k -> Timer.builder("geocdn.health.probe.duration").tag("kind", k.kind())
                .tag("outcome", outcome(k)).description("Time from a probe's start to its result")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(took);
        probes.computeIfAbsent(key, k -> Counter.builder("geocdn.health.probes").tag("kind", k.kind())
                .tag("outcome", outcome(k)).description("Probes of nodes and gateways, by outcome")
                .register(registry)).increment();
    }

    /** Counts a node, gateway or region changing state ({@link HealthBook#onChange}). */
    public void changed(StateChange change) {
        transitions.computeIfAbsent(new TransitionKey(change.kind(), change.region(),
                        change.to().name().toLowerCase(Locale.ROOT)),
                k -> Counter.builder("geocdn.health.state.transitions").tag("kind", k.kind())
                        .tag("region", k.region()).tag("to", k.to())
                        .description("State changes of nodes, gateways and regions").register(registry))
                .increment();
    }

    private static String outcome(ProbeKey key) {
        return key.ok() ? "ok" : "failed";
    }
}
