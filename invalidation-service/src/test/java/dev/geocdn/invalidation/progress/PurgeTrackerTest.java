package dev.geocdn.invalidation.progress;

import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeTrackerTest {

    private static final Instant T0 = Instant.parse("2026-12-04T17:30:00Z");

    private final AtomicReference<Membership> membership = new AtomicReference<>(Membership.allUp(new TreeMap<>(Map.of(
            "us-west", spec("us-west-1", "us-west-2"),
            "eu-west", spec("eu-west-1"))), T0));
    private final Clock clock = Clock.fixed(T0.plusMillis(40), ZoneOffset.UTC);

    private PurgeTracker tracker(int capacity) {
        return new PurgeTracker(capacity, clock, membership::get);
    }

    @Test
    void aPurge_isDoneWhenEveryLiveNodeAcknowledged_withLatencyOnThisClock() {
        PurgeTracker tracker = tracker(10);
        TrackedPurge purge = tracker.register(command("p1"));

        assertThat(tracker.acknowledge(ack("p1", "us-west-1"))).contains(new Applied("us-west-1", "us-west", 40, 2));
        assertThat(tracker.acknowledge(ack("p1", "us-west-2"))).isPresent();
        assertThat(purge.completion()).isNotDone();
        tracker.acknowledge(ack("p1", "eu-west-1"));

        assertThat(purge.completion()).isCompleted();
        assertThat(purge.completion().join().missing()).isEmpty();
        assertThat(tracker.unfinishedCount()).isZero();
    }

    @Test
    void aRepeatedAcknowledgement_countsOnce() {
        PurgeTracker tracker = tracker(10);
        tracker.register(command("p1"));

        assertThat(tracker.acknowledge(ack("p1", "us-west-1"))).isPresent();
        assertThat(tracker.acknowledge(ack("p1", "us-west-1"))).isEmpty();
    }

    @Test
    void aNodeGoingDown_releasesThePurgeThatWaitedForIt() {
        PurgeTracker tracker = tracker(10);
        TrackedPurge purge = tracker.register(command("p1"));
        tracker.acknowledge(ack("p1", "us-west-1"));
        tracker.acknowledge(ack("p1", "us-west-2"));

        membership.set(withNode(membership.get(), "eu-west-1", State.DOWN));
        tracker.membershipChanged();

        assertThat(purge.completion()).isCompleted();
        assertThat(purge.completion().join().regions().get("eu-west").get("eu-west-1").state())
                .isEqualTo(NodeProgress.State.DOWN);
    }

    @Test
    void aNodeDownAtRegistration_isNeverRequired() {
        membership.set(withNode(membership.get(), "eu-west-1", State.DOWN));
        PurgeTracker tracker = tracker(10);
        TrackedPurge purge = tracker.register(command("p1"));
        tracker.acknowledge(ack("p1", "us-west-1"));
        tracker.acknowledge(ack("p1", "us-west-2"));

        membership.set(withNode(membership.get(), "eu-west-1", State.UP));
        tracker.membershipChanged();

        assertThat(purge.completion()).isCompleted();
        assertThat(tracker.progress(purge).regions()).doesNotContainKey("eu-west");
    }

    @Test
    void registeringTwice_keepsTheFirst() {
        PurgeTracker tracker = tracker(10);
        TrackedPurge first = tracker.register(command("p1"));

        assertThat(tracker.register(command("p1"))).isSameAs(first);
    }

    @Test
    void theHistory_keepsTheLastPurges_droppingTheOldest() {
        PurgeTracker tracker = tracker(2);
        tracker.register(command("p1"));
        tracker.register(command("p2"));
        tracker.register(command("p3"));

        assertThat(tracker.find("p1")).isEmpty();
        assertThat(tracker.find("p2")).isPresent();
        assertThat(tracker.find("p3")).isPresent();
        assertThat(tracker.unfinishedCount()).isEqualTo(2);
    }

    @Test
    void acknowledgementsBeforeTheirPurge_areKeptForIt() {
        PurgeTracker tracker = tracker(10);

        assertThat(tracker.acknowledge(ack("p9", "us-west-1"))).isEmpty();
        tracker.observe(command("p9"));

        TrackedPurge purge = tracker.find("p9").orElseThrow();
        assertThat(tracker.progress(purge).regions().get("us-west").get("us-west-1").state())
                .isEqualTo(NodeProgress.State.APPLIED);
    }

    @Test
    void aForgottenPurge_isGone() {
        PurgeTracker tracker = tracker(10);
        tracker.register(command("p1"));

        tracker.forget("p1");

        assertThat(tracker.find("p1")).isEmpty();
        assertThat(tracker.unfinishedCount()).isZero();
    }

    @Test
    void withNoLiveNode_aPurgeIsDoneAtOnce() {
        membership.set(new Membership(1, T0, List.of()));

        TrackedPurge purge = tracker(10).register(command("p1"));

        assertThat(purge.completion()).isCompleted();
    }

    private static Membership.RegionSpec spec(String... nodes) {
        return new Membership.RegionSpec(null, null, java.util.Arrays.stream(nodes)
                .map(n -> new Membership.NodeSpec(n, URI.create("http://127.0.0.1:1"), null)).toList());
    }

    static Membership withNode(Membership m, String node, State state) {
        List<RegionStatus> regions = m.regions().stream().map(r -> new RegionStatus(r.name(), r.gateway(), r.state(),
                r.reason(), r.since(), r.nodes().stream().map(n -> n.id().equals(node) ? n.with(state, "test", T0) : n)
                .toList())).toList();
        return new Membership(m.version() + 1, T0, regions);
    }

    private static PurgeCommand command(String id) {
        return new PurgeCommand(id, 1L << 20, List.of("https://cdn.example.com/a"), List.of(), List.of("k"), false,
                "ops", T0);
    }

    private static PurgeAck ack(String id, String node) {
        return new PurgeAck(id, 1L << 20, node, node.substring(0, node.lastIndexOf('-')), 2L << 20, T0, 2, 0, 7);
    }
}
