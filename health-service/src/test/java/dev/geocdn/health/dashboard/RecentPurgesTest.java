package dev.geocdn.health.dashboard;

import dev.geocdn.health.membership.StateChange;
import dev.geocdn.protocol.hlc.HlcTime;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The latest purges with each region's latency, and the latest state changes, as acknowledgements and changes arrive. */
class RecentPurgesTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** An acknowledgement of purge {@code id}, accepted at T0 + {@code writtenMs}, applied {@code latencyMs} later. */
    private static PurgeAck ack(String id, long writtenMs, String node, String region, long latencyMs) {
        long hlc = HlcTime.of(T0.toEpochMilli() + writtenMs, 3);
        return new PurgeAck(id, hlc, node, region, hlc + 1, T0.plusMillis(writtenMs + latencyMs), 1, 0, writtenMs);
    }

    @Test
    void aRegionsLatency_isItsSlowestAcknowledgingNode_withHowManyAcknowledged() {
        RecentPurges purges = new RecentPurges(10);
        purges.record(ack("p1", 0, "us-west-1", "us-west", 12));
        purges.record(ack("p1", 0, "us-west-2", "us-west", 30));
        purges.record(ack("p1", 0, "eu-west-1", "eu-west", 95));

        assertThat(purges.latest()).containsExactly(new RecentPurges.Purge("p1", T0, List.of(
                new RecentPurges.RegionLatency("eu-west", 95, 1), new RecentPurges.RegionLatency("us-west", 30, 2))));
    }

    @Test
    void theLatestPurgesAreKept_newestFirst_andALateAckOfAForgottenOneIsDropped() {
        RecentPurges purges = new RecentPurges(2);
        purges.record(ack("p1", 0, "n1", "r", 1));
        purges.record(ack("p2", 1000, "n1", "r", 1));
        purges.record(ack("p3", 2000, "n1", "r", 1));
        purges.record(ack("p1", 0, "n2", "r", 1));

        assertThat(purges.latest()).extracting(RecentPurges.Purge::id).containsExactly("p3", "p2");
    }

    @Test
    void anAckStampedBeforeItsPurge_byClockSkew_showsZeroNotANegativeLatency() {
        RecentPurges purges = new RecentPurges(5);
        purges.record(ack("p1", 0, "n1", "r", -4));

        assertThat(purges.latest().getFirst().regions().getFirst().latencyMs()).isZero();
    }

    @Test
    void theLatestStateChanges_areKept_newestFirst() {
        RecentChanges changes = new RecentChanges(2);
        for (int i = 1; i <= 3; i++) {
            changes.record(new StateChange("node", "n" + i, "r", State.UP, State.DOWN, "2 probes failed", T0.plusSeconds(i)));
        }

        assertThat(changes.latest()).extracting(StateChange::name).containsExactly("n3", "n2");
    }
}
