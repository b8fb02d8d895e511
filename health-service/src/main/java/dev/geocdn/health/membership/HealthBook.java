package dev.geocdn.health.membership;

import dev.geocdn.health.verdict.ProbeResult;
import dev.geocdn.health.verdict.TargetHealth;
import dev.geocdn.health.verdict.Verdicts;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The health service's record of every target, and the membership built from it.
 *
 * <p>Concurrency: probes of different targets complete on different threads; {@link #record}
 * is synchronized, cheap (a verdict and, on a change, a snapshot of a few dozen records), and
 * publishes outside no lock the readers need: {@link #current()} is a volatile read and the
 * stream replays the latest snapshot to each new subscriber, so a gateway that connects gets
 * the whole state at once and then every change.
 *
 * <p>Nothing is streamed until every target has been probed once (failed probes count), so
 * that gateways, which route by their static configuration until then, never receive a
 * membership in which everything is "not probed yet" and down.
 *
 * <p>Versions are the publication time in epoch milliseconds (bumped if the clock stalls), so
 * they keep growing across restarts of the health service and a gateway can drop stale ones.
 */
public final class HealthBook {

    /** The id of a region's gateway among the targets. */
    public static String gatewayTarget(String region) {
        return "gateway:" + region;
    }

    private final Map<String, Membership.RegionSpec> topology;
    private final Verdicts.Thresholds thresholds;
    private final Clock clock;
    private final Map<String, TargetHealth> health = new HashMap<>();
    private final Map<String, RegionStatus> lastRegions = new HashMap<>();
    private final Sinks.Many<Membership> sink = Sinks.many().replay().latest();
    private final List<Consumer<StateChange>> listeners = new CopyOnWriteArrayList<>();
    private volatile Membership current;
    /** Whether every target has been probed once: before that, region states are not news. */
    private boolean warm;

    public HealthBook(Map<String, Membership.RegionSpec> topology, Verdicts.Thresholds thresholds, Clock clock) {
        this.topology = Map.copyOf(topology);
        this.thresholds = thresholds;
        this.clock = clock;
        Instant now = clock.instant();
        topology.forEach((region, spec) -> {
            spec.nodes().forEach(n -> health.put(n.id(), TargetHealth.unprobed(now)));
            if (spec.gateway() != null) {
                health.put(gatewayTarget(region), TargetHealth.unprobed(now));
            }
        });
        publish(now, List.of());
    }

    /** Records a probe of a target; publishes a new membership when a state changed. */
    public void record(String target, ProbeResult probe) {
        List<StateChange> changes = new ArrayList<>();
        synchronized (this) {
            TargetHealth before = health.get(target);
            if (before == null) {
                throw new IllegalArgumentException("unknown target " + target);
            }
            Instant now = clock.instant();
            TargetHealth after = Verdicts.next(before, probe, thresholds, now);
            health.put(target, after);
            // alerts: a real change, or a target found dead by its very first probe (it was never up,
            // but someone must hear of it); not the first good probe of a starting world
            if (before.probed() ? after.state() != before.state() : after.state() == State.DOWN) {
                String kind = target.startsWith("gateway:") ? "gateway" : "node";
                changes.add(new StateChange(kind, target, regionOf(target), before.state(), after.state(), after.reason(), now));
            }
            boolean reasonChanged = !after.reason().equals(before.reason()) && after.state() == before.state()
                    && (after.failures() == 1 || after.successes() == 1);
            boolean firstRoundDone = !before.probed() && health.values().stream().allMatch(TargetHealth::probed);
            if (after.state() != before.state() || !changes.isEmpty() || reasonChanged || firstRoundDone) {
                publish(now, changes);
            }
        }
        changes.forEach(change -> listeners.forEach(l -> l.accept(change)));
    }

    private void publish(Instant now, List<StateChange> changes) {
        boolean becomingWarm = !warm && health.values().stream().allMatch(TargetHealth::probed);
        List<RegionStatus> regions = new ArrayList<>();
        topology.keySet().stream().sorted().forEach(name -> {
            Membership.RegionSpec spec = topology.get(name);
            List<NodeStatus> nodes = spec.nodes().stream().map(n -> {
                TargetHealth h = health.get(n.id());
                return new NodeStatus(n.id(), n.url(), n.management(), h.state(), h.reason(), h.since());
            }).toList();
            TargetHealth gw = spec.gateway() == null ? null : health.get(gatewayTarget(name));
            Verdicts.RegionVerdict verdict = Verdicts.region(gw, nodes);
            RegionStatus previous = lastRegions.get(name);
            Instant since = previous != null && previous.state() == verdict.state() ? previous.since() : now;
            RegionStatus region = new RegionStatus(name, spec.gateway(), verdict.state(), verdict.reason(), since, nodes);
            boolean alertable = warm ? previous != null && previous.state() != verdict.state()
                    : becomingWarm && verdict.state() == State.DOWN;
            if (alertable) {
                changes.add(new StateChange("region", name, name, previous.state(), verdict.state(), verdict.reason(), now));
            }
            lastRegions.put(name, region);
            regions.add(region);
        });
        long version = Math.max(current == null ? 0 : current.version() + 1, now.toEpochMilli());
        current = new Membership(version, now, regions);
        warm |= becomingWarm;
        if (warm) {
            sink.emitNext(current, Sinks.EmitFailureHandler.busyLooping(java.time.Duration.ofSeconds(1)));
        }
    }

    private String regionOf(String target) {
        if (target.startsWith("gateway:")) {
            return target.substring("gateway:".length());
        }
        return topology.entrySet().stream()
                .filter(e -> e.getValue().nodes().stream().anyMatch(n -> n.id().equals(target)))
                .map(Map.Entry::getKey).findFirst().orElse("");
    }

    public Membership current() {
        return current;
    }

    /** The latest membership, then every new one. */
    public Flux<Membership> stream() {
        return sink.asFlux();
    }

    /** Called after each node, gateway or region state change (alerts). */
    public void onChange(Consumer<StateChange> listener) {
        listeners.add(listener);
    }

    public Map<String, Membership.RegionSpec> topology() {
        return topology;
    }
}
