package dev.geocdn.purgebus.loop;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DoneOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private final DoneOffsets offsets = new DoneOffsets();

    @Test
    void aPartition_isDoneUpToItsLowestRecordNotDone() {
        offsets.track(P0, 10);
        offsets.handed(P0, 10);
        offsets.handed(P0, 11);
        offsets.handed(P0, 12);

        offsets.done(P0, 11);
        assertThat(offsets.doneUpTo(P0, 13)).isEqualTo(10);

        offsets.done(P0, 10);
        assertThat(offsets.doneUpTo(P0, 13)).isEqualTo(12);

        offsets.done(P0, 12);
        assertThat(offsets.doneUpTo(P0, 13)).as("nothing outstanding: the position").isEqualTo(13);
    }

    @Test
    void aCommit_offersOnlyPartitionsDoneFurtherThanTheirLastCommit() {
        offsets.track(P0, 0);
        offsets.track(P1, 5);
        offsets.handed(P0, 0);
        offsets.done(P0, 0);

        assertThat(offsets.toCommit(List.of(P0, P1), p -> p == P0 ? 1 : 5)).isEqualTo(Map.of(P0, new OffsetAndMetadata(1)));
        assertThat(offsets.toCommit(List.of(P0, P1), p -> p == P0 ? 1 : 5)).as("already committed").isEmpty();
    }

    @Test
    void aFailedCommit_isOfferedAgain() {
        offsets.track(P0, 0);
        Map<TopicPartition, OffsetAndMetadata> first = offsets.toCommit(List.of(P0), p -> 4);

        offsets.commitFailed(first);

        assertThat(offsets.toCommit(List.of(P0), p -> 4)).isEqualTo(Map.of(P0, new OffsetAndMetadata(4)));
    }

    @Test
    void forgottenPartitions_areNeitherCommittedNorWaitedFor() {
        offsets.track(P0, 0);
        offsets.handed(P0, 0);
        offsets.forget(List.of(P0));

        offsets.done(P0, 0);
        offsets.handed(P0, 1);

        assertThat(offsets.partitions()).isEmpty();
        assertThat(offsets.toCommit(List.of(P0), p -> 2)).isEmpty();
    }
}
