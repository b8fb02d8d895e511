package dev.geocdn.health.dashboard;

import dev.geocdn.health.MutableClock;
import dev.geocdn.health.membership.StateChange;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The snapshot put together from the membership, the traffic history and the recent changes, at a fixed time. */
class DashboardTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final TrafficHistory traffic = new TrafficHistory(Duration.ofSeconds(10));
    private final RecentChanges changes = new RecentChanges(5);
    private final Membership membership = new Membership(1, T0, List.of(
            region("eu-west", State.DOWN, "gateway down: 2 probes failed: connection refused", "eu-west-1"),
            region("us-west", State.UP, "1 of 1 nodes up", "us-west-1")));
    private final Dashboard dashboard = new Dashboard(() -> membership, traffic, changes, null, Duration.ofMinutes(1),
            clock);

    private static RegionStatus region(String name, State state, String reason, String node) {
        return new RegionStatus(name, URI.create("http://gw"), state, reason, T0, List.of(
                new NodeStatus(node, URI.create("http://n"), null, state, reason, T0)));
    }

    private static Counters requests(double count) {
        return new Counters(Map.of("hit", count), new TreeMap<>(), 0, 0, Map.of(), Map.of());
    }

    @Test
    void everyRegion_showsItsVerdictAndTraffic_andTheRecentChanges() {
        traffic.record("us-west-1", T0.minusSeconds(4), requests(0));
        traffic.record("us-west-1", T0, requests(40));
        changes.record(new StateChange("region", "eu-west", "eu-west", State.UP, State.DOWN,
                "gateway down: 2 probes failed: connection refused", T0));

        DashboardView view = dashboard.snapshot();

        assertThat(view.regions()).extracting(DashboardView.Region::name, DashboardView.Region::state,
                DashboardView.Region::up, DashboardView.Region::nodesUp)
                .containsExactly(org.assertj.core.api.Assertions.tuple("eu-west", "DOWN", false, 0),
                        org.assertj.core.api.Assertions.tuple("us-west", "UP", true, 1));
        assertThat(view.regions().get(1).traffic().requestsPerSecond()).isEqualTo(10.0);
        assertThat(view.regions().get(1).scraped()).isEqualTo(1);
        assertThat(view.regions().get(0).traffic()).isEqualTo(RegionTraffic.UNKNOWN);
        assertThat(view.failovers()).singleElement().satisfies(f -> {
            assertThat(f.to()).isEqualTo("DOWN");
            assertThat(f.reason()).startsWith("gateway down");
        });
        assertThat(view.purgeLog()).isFalse();
        assertThat(view.windowSeconds()).isEqualTo(10.0);
    }

    @Test
    void scrapingIsWanted_onlyWhileSomeoneTookASnapshotWithinIdleAfter() {
        assertThat(dashboard.watched()).as("nobody looked yet").isFalse();
        dashboard.snapshot();
        assertThat(dashboard.watched()).isTrue();

        clock.advance(Duration.ofSeconds(61));

        assertThat(dashboard.watched()).isFalse();
    }
}
