package dev.geocdn.health.dashboard;

import dev.geocdn.health.membership.HealthBook;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Puts the dashboard's snapshot together: each region's verdict from the membership, its
 * traffic from the {@link TrafficHistory}, the world's inter-region links, the regional
 * gateways' failovers, the latest purges and state changes.
 *
 * <p>It also knows whether anyone is looking: the scraper only scrapes while a snapshot was
 * taken within {@code idleAfter} (a page open on the stream takes one every second), so an
 * unwatched health service costs its nodes no scrapes. The first viewer after a pause sees
 * figures once two scrapes are in.
 *
 * <p>Building a snapshot reads a few hundred numbers and is cheap enough to do per viewer and
 * second; it never does I/O.
 */
public final class Dashboard {

    private final Supplier<Membership> membership;
    private final TrafficHistory traffic;
    private final RecentChanges changes;
    private final RecentPurges purges;
    private final Duration idleAfter;
    private final Clock clock;
    private volatile Instant lastViewed = Instant.MIN;

    /**
     * @param purges    the latest purges; null when the purge log is not read
     * @param idleAfter how long after the last snapshot scraping goes on
     */
    public Dashboard(Supplier<Membership> membership, TrafficHistory traffic, RecentChanges changes,
                     RecentPurges purges, Duration idleAfter, Clock clock) {
        this.membership = membership;
        this.traffic = traffic;
        this.changes = changes;
        this.purges = purges;
        this.idleAfter = idleAfter;
        this.clock = clock;
    }

    /** Whether a snapshot was taken within {@code idleAfter}: whether scraping is worth its cost. */
    public boolean watched() {
        return lastViewed.isAfter(clock.instant().minus(idleAfter));
    }

    /** The dashboard now; counts as a viewer looking. */
    public DashboardView snapshot() {
        Instant now = clock.instant();
        lastViewed = now;
        Membership current = membership.get();
        List<DashboardView.Region> regions = new ArrayList<>();
        List<TrafficHistory.Window> allNodes = new ArrayList<>();
        List<DashboardView.GatewayFailover> gatewayFailovers = new ArrayList<>();
        for (RegionStatus region : current.regions()) {
            List<TrafficHistory.Window> nodes = region.nodes().stream()
                    .map(n -> traffic.over(n.id(), now)).flatMap(Optional::stream).toList();
            allNodes.addAll(nodes);
            regions.add(new DashboardView.Region(region.name(), region.state().name(), region.isUp(), region.reason(),
                    region.since(), (int) region.nodes().stream().filter(NodeStatus::isUp).count(),
                    region.nodes().size(), nodes.size(), RegionTraffic.of(nodes)));
            traffic.over(HealthBook.gatewayTarget(region.name()), now).ifPresent(gateway ->
                    RegionTraffic.failovers(gateway).forEach((kind, perSecond) -> gatewayFailovers.add(
                            new DashboardView.GatewayFailover(region.name(), kind.scope(), kind.reason(), perSecond))));
        }
        List<DashboardView.Link> links = new ArrayList<>();
        for (Map.Entry<Counters.Link, Double> link : RegionTraffic.links(allNodes).entrySet()) {
            links.add(new DashboardView.Link(link.getKey().from(), link.getKey().to(), link.getValue()));
        }
        List<DashboardView.Failover> failovers = changes.latest().stream()
                .map(c -> new DashboardView.Failover(c.at(), c.kind(), c.name(), c.region(), c.from().name(),
                        c.to().name(), c.reason()))
                .toList();
        return new DashboardView(now, traffic.window().toMillis() / 1000.0, regions, links, gatewayFailovers,
                purges != null, purges == null ? List.of() : purges.latest(), failovers);
    }
}
