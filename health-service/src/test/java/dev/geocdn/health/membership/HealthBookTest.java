package dev.geocdn.health.membership;

import dev.geocdn.health.MutableClock;
import dev.geocdn.health.verdict.ProbeResult;
import dev.geocdn.health.verdict.Verdicts;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthBookTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    private static final List<String> NODES = List.of("eu-west-1", "eu-west-2", "us-east-1", "us-east-2");
    private static final List<String> GATEWAYS = List.of(HealthBook.gatewayTarget("eu-west"), HealthBook.gatewayTarget("us-east"));

    private static Membership.NodeSpec node(String id, int port) {
        return new Membership.NodeSpec(id, URI.create("http://127.0.0.1:" + port), URI.create("http://127.0.0.1:" + (port + 1000)));
    }

    private static Map<String, Membership.RegionSpec> topology() {
        return Map.of(
                "eu-west", new Membership.RegionSpec(URI.create("http://127.0.0.1:1"), null,
                        List.of(node("eu-west-1", 11), node("eu-west-2", 12))),
                "us-east", new Membership.RegionSpec(URI.create("http://127.0.0.1:2"), null,
                        List.of(node("us-east-1", 21), node("us-east-2", 22))));
    }

    private MutableClock clock;
    private HealthBook book;
    private final List<Membership> streamed = new CopyOnWriteArrayList<>();
    private final List<StateChange> changes = new CopyOnWriteArrayList<>();
    private Disposable subscription;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        book = new HealthBook(topology(), new Verdicts.Thresholds(3, 2), clock);
        subscription = book.stream().subscribe(streamed::add);
    }

    @AfterEach
    void tearDown() {
        subscription.dispose();
    }

    private void probe(String target, boolean ok) {
        clock.advance(Duration.ofSeconds(1));
        book.record(target, ok ? ProbeResult.ok("200 in 2 ms") : ProbeResult.failed("connection refused"));
    }

    private void fail(String target, int times) {
        for (int i = 0; i < times; i++) {
            probe(target, false);
        }
    }

    /** Every node and gateway answers once, well. */
    private void everythingUp() {
        NODES.forEach(n -> probe(n, true));
        GATEWAYS.forEach(g -> probe(g, true));
    }

    @Test
    void current_startsWithEverythingDownAndNotProbedYet() {
        Membership membership = book.current();

        assertThat(membership.at()).isEqualTo(START);
        assertThat(membership.version()).isEqualTo(START.toEpochMilli());
        assertThat(membership.regions()).extracting(RegionStatus::name).containsExactly("eu-west", "us-east");
        assertThat(membership.regions()).allSatisfy(region -> {
            assertThat(region.state()).isEqualTo(State.DOWN);
            assertThat(region.reason()).isEqualTo("gateway down: not probed yet");
            assertThat(region.nodes()).hasSize(2).allSatisfy(node -> {
                assertThat(node.state()).isEqualTo(State.DOWN);
                assertThat(node.reason()).isEqualTo("not probed yet");
                assertThat(node.since()).isEqualTo(START);
            });
        });
        assertThat(membership.region("eu-west").orElseThrow().gateway()).isEqualTo(URI.create("http://127.0.0.1:1"));
        assertThat(membership.upRegions()).isEmpty();
    }

    @Test
    void stream_emitsNothingUntilEveryNodeAndGatewayWasProbedOnce() {
        NODES.forEach(n -> probe(n, true));
        probe(GATEWAYS.get(0), true);

        // the nodes and one gateway are up and current() shows it, but one gateway is unprobed
        assertThat(book.current().node("eu-west-1").orElseThrow().state()).isEqualTo(State.UP);
        assertThat(book.current().region("eu-west").orElseThrow().state()).isEqualTo(State.UP);
        assertThat(streamed).isEmpty();

        probe(GATEWAYS.get(1), true);

        assertThat(streamed).hasSize(1);
        Membership first = streamed.getFirst();
        assertThat(first).isEqualTo(book.current());
        assertThat(first.upRegions()).containsExactly("eu-west", "us-east");
        assertThat(first.regions()).allSatisfy(r -> assertThat(r.reason()).isEqualTo("2 of 2 nodes up"));
    }

    @Test
    void failedProbes_countTowardsTheFirstRound() {
        NODES.forEach(n -> probe(n, false));
        probe(GATEWAYS.get(0), false);
        assertThat(streamed).isEmpty();

        probe(GATEWAYS.get(1), false);

        // nothing changed state (unprobed is already down), yet the first full round is published
        assertThat(streamed).hasSize(1);
        Membership first = streamed.getFirst();
        assertThat(first).isEqualTo(book.current());
        assertThat(first.upRegions()).isEmpty();
        assertThat(first.regions()).flatExtracting(RegionStatus::nodes).extracting(NodeStatus::reason)
                .containsOnly("1 probes failed: connection refused");
        assertThat(first.regions()).extracting(RegionStatus::reason)
                .containsOnly("gateway down: 1 probes failed: connection refused");
    }

    @Test
    void aProbeAfterTheFirstRound_doesNotRepublishTheFirstRound() {
        everythingUp();
        assertThat(streamed).hasSize(1);

        probe("eu-west-1", true);
        probe("us-east-2", true);

        // good probes of up targets change nothing worth publishing
        assertThat(streamed).hasSize(1);
    }

    @Test
    void aNode_thatFailsNProbes_isAStateChangeToDown() {
        everythingUp();
        book.onChange(changes::add);

        fail("eu-west-1", 2);
        assertThat(changes).isEmpty();
        assertThat(book.current().node("eu-west-1").orElseThrow().state()).isEqualTo(State.UP);
        assertThat(book.current().node("eu-west-1").orElseThrow().reason()).startsWith("still up (");

        probe("eu-west-1", false);
        Instant third = clock.instant();

        assertThat(changes).containsExactly(new StateChange("node", "eu-west-1", "eu-west", State.UP, State.DOWN,
                "3 probes failed: connection refused", third));
        NodeStatus down = book.current().node("eu-west-1").orElseThrow();
        assertThat(down.state()).isEqualTo(State.DOWN);
        assertThat(down.since()).isEqualTo(third);
        RegionStatus region = book.current().region("eu-west").orElseThrow();
        assertThat(region.state()).isEqualTo(State.UP);
        assertThat(region.reason()).isEqualTo("1 of 2 nodes up");
        assertThat(streamed.getLast()).isEqualTo(book.current());
    }

    @Test
    void theFirstFailureOfAnUpNode_isPublishedWithItsStillUpReason() {
        everythingUp();

        probe("us-east-2", false);

        assertThat(streamed).hasSize(2);
        assertThat(streamed.getLast().node("us-east-2").orElseThrow().reason())
                .isEqualTo("still up (1/3 probes failed): connection refused");
        assertThat(streamed.getLast().node("us-east-2").orElseThrow().state()).isEqualTo(State.UP);
    }

    @Test
    void aRegion_losingItsLastNode_isARegionStateChange() {
        everythingUp();
        Instant regionUpSince = book.current().region("eu-west").orElseThrow().since();
        fail("eu-west-1", 3);
        assertThat(book.current().region("eu-west").orElseThrow().since())
                .as("the region stays up, since unchanged").isEqualTo(regionUpSince);
        book.onChange(changes::add);

        fail("eu-west-2", 3);
        Instant lastNodeDown = clock.instant();

        assertThat(changes).containsExactly(
                new StateChange("node", "eu-west-2", "eu-west", State.UP, State.DOWN,
                        "3 probes failed: connection refused", lastNodeDown),
                new StateChange("region", "eu-west", "eu-west", State.UP, State.DOWN, "no healthy node", lastNodeDown));
        RegionStatus region = book.current().region("eu-west").orElseThrow();
        assertThat(region.state()).isEqualTo(State.DOWN);
        assertThat(region.reason()).isEqualTo("no healthy node");
        assertThat(region.since()).isEqualTo(lastNodeDown);
        assertThat(book.current().upRegions()).containsExactly("us-east");
        assertThat(streamed.getLast().upRegions()).containsExactly("us-east");
    }

    @Test
    void aRegion_getsBackUpWhenOneNodeRecovers() {
        everythingUp();
        fail("us-east-1", 3);
        fail("us-east-2", 3);
        book.onChange(changes::add);

        probe("us-east-2", true);
        assertThat(changes).isEmpty();
        assertThat(book.current().node("us-east-2").orElseThrow().reason())
                .isEqualTo("recovering (1/2 probes ok): 200 in 2 ms");

        probe("us-east-2", true);
        Instant back = clock.instant();

        assertThat(changes).containsExactly(
                new StateChange("node", "us-east-2", "us-east", State.DOWN, State.UP, "2 probes ok: 200 in 2 ms", back),
                new StateChange("region", "us-east", "us-east", State.DOWN, State.UP, "1 of 2 nodes up", back));
    }

    @Test
    void aGateway_thatFailsNProbes_takesItsRegionDown() {
        everythingUp();
        book.onChange(changes::add);

        fail(HealthBook.gatewayTarget("us-east"), 3);
        Instant down = clock.instant();

        assertThat(changes).containsExactly(
                new StateChange("gateway", "gateway:us-east", "us-east", State.UP, State.DOWN,
                        "3 probes failed: connection refused", down),
                new StateChange("region", "us-east", "us-east", State.UP, State.DOWN,
                        "gateway down: 3 probes failed: connection refused", down));
        assertThat(book.current().region("us-east").orElseThrow().nodes()).allMatch(NodeStatus::isUp);
        assertThat(book.current().upRegions()).containsExactly("eu-west");
    }

    @Test
    void versions_strictlyIncrease_andAreAtLeastTheClocksEpochMillis() {
        List<Long> clockMillis = new ArrayList<>();
        everythingUp();
        clockMillis.add(clock.millis());
        fail("eu-west-1", 3);
        clockMillis.add(clock.millis());
        fail("eu-west-2", 3);
        clockMillis.add(clock.millis());
        probe("eu-west-2", true);
        probe("eu-west-2", true);
        clockMillis.add(clock.millis());

        assertThat(streamed).hasSizeGreaterThanOrEqualTo(4);
        for (int i = 1; i < streamed.size(); i++) {
            assertThat(streamed.get(i).version()).isGreaterThan(streamed.get(i - 1).version());
        }
        assertThat(streamed).allSatisfy(m -> assertThat(m.version()).isGreaterThanOrEqualTo(m.at().toEpochMilli()));
        assertThat(streamed.getFirst().version()).isGreaterThanOrEqualTo(START.toEpochMilli());
        assertThat(streamed.getLast().version()).isGreaterThanOrEqualTo(clockMillis.getLast());
    }

    @Test
    void versions_stillIncrease_whenTheClockStalls() {
        HealthBook stalled = new HealthBook(topology(), new Verdicts.Thresholds(1, 1), clock);
        List<Membership> seen = new CopyOnWriteArrayList<>();
        Disposable sub = stalled.stream().subscribe(seen::add);
        try {
            long initial = stalled.current().version();
            // no clock.advance(): every publication happens in the same millisecond
            NODES.forEach(n -> stalled.record(n, ProbeResult.ok("ok")));
            GATEWAYS.forEach(g -> stalled.record(g, ProbeResult.ok("ok")));
            stalled.record("eu-west-1", ProbeResult.failed("refused"));
            stalled.record("eu-west-1", ProbeResult.ok("ok"));

            assertThat(seen).hasSize(3);
            assertThat(seen.getFirst().version()).isGreaterThan(initial);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).version()).isGreaterThan(seen.get(i - 1).version());
            }
            assertThat(seen).allSatisfy(m -> assertThat(m.version()).isGreaterThanOrEqualTo(clock.millis()));
        } finally {
            sub.dispose();
        }
    }

    @Test
    void aLateSubscriber_getsTheLatestSnapshotAtOnce() {
        everythingUp();
        fail("us-east-1", 3);
        Membership latest = book.current();
        assertThat(streamed.getLast()).isEqualTo(latest);
        assertThat(streamed).hasSizeGreaterThan(1);

        Membership first = book.stream().next().block(Duration.ofSeconds(2));

        assertThat(first).isEqualTo(latest);
        assertThat(first.version()).isEqualTo(streamed.getLast().version());
        assertThat(first.node("us-east-1").orElseThrow().state()).isEqualTo(State.DOWN);
    }

    @Test
    void aLateSubscriber_thenGetsEveryNewSnapshot() {
        everythingUp();
        List<Membership> late = new CopyOnWriteArrayList<>();
        Disposable sub = book.stream().subscribe(late::add);
        try {
            fail("us-east-1", 3);

            assertThat(late).hasSize(3); // the replayed one, "still up (1/3 ...)", then down
            assertThat(late.getFirst()).isEqualTo(streamed.getFirst());
            assertThat(late.getLast()).isEqualTo(book.current());
        } finally {
            sub.dispose();
        }
    }

    @Test
    void recordingAnUnknownTarget_isRefused() {
        assertThatThrownBy(() -> book.record("mars-1", ProbeResult.ok("200")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mars-1");
        assertThatThrownBy(() -> book.record(HealthBook.gatewayTarget("mars"), ProbeResult.failed("refused")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway:mars");
        assertThat(book.current().version()).isEqualTo(START.toEpochMilli());
    }

    @Test
    void aRegionWithoutAGateway_isJudgedByItsNodesAlone() {
        HealthBook noGateway = new HealthBook(Map.of("ap-south", new Membership.RegionSpec(null, null,
                List.of(node("ap-south-1", 31)))), new Verdicts.Thresholds(3, 2), clock);
        assertThatThrownBy(() -> noGateway.record(HealthBook.gatewayTarget("ap-south"), ProbeResult.ok("200")))
                .isInstanceOf(IllegalArgumentException.class);

        List<Membership> seen = new CopyOnWriteArrayList<>();
        Disposable sub = noGateway.stream().subscribe(seen::add);
        assertThat(seen).isEmpty();
        noGateway.record("ap-south-1", ProbeResult.ok("200 in 1 ms"));
        sub.dispose();

        // its only target is its node: one probe completes the first round
        assertThat(seen).hasSize(1);
        Membership membership = noGateway.stream().next().block(Duration.ofSeconds(2));
        assertThat(membership).isNotNull();
        RegionStatus region = membership.region("ap-south").orElseThrow();
        assertThat(region.gateway()).isNull();
        assertThat(region.state()).isEqualTo(State.UP);
        assertThat(region.reason()).isEqualTo("1 of 1 nodes up");
    }

    @Test
    void aStartingWorldThatComesUpWell_sendsNoAlerts() {
        book.onChange(changes::add);
        everythingUp();

        assertThat(book.current().upRegions()).containsExactlyInAnyOrder("eu-west", "us-east");
        assertThat(changes).as("nothing was ever down that anyone was told of").isEmpty();
    }

    @Test
    void aNodeDeadAtItsFirstProbe_andARegionDownWhenTheFirstRoundEnds_areAlerted() {
        book.onChange(changes::add);
        probe("eu-west-1", false);
        probe("eu-west-2", false);
        probe("us-east-1", true);
        probe("us-east-2", true);
        GATEWAYS.forEach(g -> probe(g, true));

        assertThat(changes).extracting(StateChange::kind, StateChange::name, StateChange::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple("node", "eu-west-1", State.DOWN),
                org.assertj.core.groups.Tuple.tuple("node", "eu-west-2", State.DOWN),
                org.assertj.core.groups.Tuple.tuple("region", "eu-west", State.DOWN));
    }
}
