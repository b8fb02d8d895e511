package dev.geocdn.health.watermark;

import dev.geocdn.protocol.hlc.HlcTime;
import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.NodeStatus;
import dev.geocdn.protocol.topology.RegionStatus;
import dev.geocdn.protocol.topology.State;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeWatermarksTest {

    private static final Instant T = Instant.parse("2026-12-04T17:00:00Z");
    private final PurgeWatermarks marks = new PurgeWatermarks();

    private static NodeStatus node(String id, State state) {
        return new NodeStatus(id, URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"), state, "test", T);
    }

    private static Membership membership(State westTwo) {
        return new Membership(1, T, List.of(
                new RegionStatus("us-west", null, State.UP, "test", T,
                        List.of(node("us-west-1", State.UP), node("us-west-2", westTwo))),
                new RegionStatus("eu-west", null, State.UP, "test", T, List.of(node("eu-west-1", State.UP)))));
    }

    private void ack(String node, int partition, long offset, long purgeHlc) {
        marks.record(new PurgeAck("p" + offset, purgeHlc, node, node.substring(0, node.lastIndexOf('-')),
                purgeHlc + 1, T, 0, partition, offset));
    }

    @Test
    void aRegionsWatermark_isWhatEveryLiveNodeApplied_andItsLagTheRest() {
        ack("us-west-1", 0, 9, HlcTime.of(1000, 0));
        ack("us-west-2", 0, 6, HlcTime.of(900, 0));
        ack("eu-west-1", 0, 9, HlcTime.of(1000, 0));

        PurgeWatermarks.Report report = marks.report(Map.of(0, 10L), membership(State.UP));

        assertThat(report.regions().get("us-west").applied()).containsEntry(0, 7L);
        assertThat(report.regions().get("us-west").lag()).isEqualTo(3);
        assertThat(report.regions().get("us-west").lastPurgeHlc()).isEqualTo(HlcTime.format(HlcTime.of(900, 0)));
        assertThat(report.regions().get("eu-west").lag()).isZero();
        assertThat(report.regions().get("us-west").nodes().get("us-west-1").lag()).isZero();
        assertThat(report.regions().get("us-west").nodes().get("us-west-2").lag()).isEqualTo(3);
    }

    @Test
    void aNodeThatIsDown_doesNotHoldItsRegionBack_butIsListed() {
        ack("us-west-1", 0, 9, 5);
        ack("us-west-2", 0, 2, 3);

        PurgeWatermarks.Report report = marks.report(Map.of(0, 10L), membership(State.DOWN));

        assertThat(report.regions().get("us-west").lag()).isZero();
        assertThat(report.regions().get("us-west").nodes().get("us-west-2").up()).isFalse();
        assertThat(report.regions().get("us-west").nodes().get("us-west-2").lag()).isEqualTo(7);
    }

    @Test
    void partitions_areAVector_andANodeThatNeverAckedIsAtZero() {
        ack("us-west-1", 0, 4, 5);
        ack("us-west-1", 1, 2, 6);
        ack("us-west-2", 1, 7, 7);

        PurgeWatermarks.Report report = marks.report(Map.of(0, 5L, 1, 8L), membership(State.UP));

        assertThat(report.regions().get("us-west").applied()).isEqualTo(Map.of(0, 0L, 1, 3L));
        assertThat(report.regions().get("us-west").lag()).isEqualTo(5 + 5);
        assertThat(report.regions().get("eu-west").lag()).as("eu-west-1 never acknowledged").isEqualTo(13);
        assertThat(report.regions().get("eu-west").lastPurgeHlc()).isNull();
    }

    @Test
    void anOlderAcknowledgement_changesNothing() {
        ack("eu-west-1", 0, 8, 10);
        ack("eu-west-1", 0, 3, 4);

        assertThat(marks.report(Map.of(0, 9L), membership(State.UP)).regions().get("eu-west").applied())
                .containsEntry(0, 9L);
    }
}
