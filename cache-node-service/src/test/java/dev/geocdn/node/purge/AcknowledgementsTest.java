package dev.geocdn.node.purge;

import dev.geocdn.protocol.purge.PurgeAck;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcknowledgementsTest {

    private static final Instant T = Instant.parse("2026-12-04T17:00:00Z");
    private static final TopicPartition P0 = new TopicPartition("geocdn.purges", 0);

    /** What happened, in order: "send p-1", "flush", "done 0". */
    private final List<String> events = new ArrayList<>();
    private final Acknowledgements acks = new Acknowledgements(new Acknowledgements.Writer() {
        @Override
        public void send(PurgeAck ack) {
            events.add("send " + ack.purgeId());
        }

        @Override
        public void flush() {
            events.add("flush");
        }
    });

    private static PurgeAck ack(String id, long offset) {
        return new PurgeAck(id, 1, "node-1", "region", 2, T, 0, 0, offset);
    }

    private void release(Instant now) {
        acks.release(now, (partition, offset) -> events.add("done " + offset));
    }

    @Test
    void aRecord_isDoneOnlyAfterItsAcknowledgementIsFlushed() {
        acks.hold(ack("p-1", 7), P0, 7, DelayLine.AT_ONCE);

        release(T);

        assertThat(events).containsExactly("send p-1", "flush", "done 7");
    }

    @Test
    void heldAcknowledgements_waitForTheirTripBack_andGoInTheOrderThePurgesWereApplied() {
        acks.hold(ack("p-1", 1), P0, 1, T.plusMillis(400));
        acks.hold(ack("p-2", 2), P0, 2, T.plusMillis(300));

        release(T.plusMillis(399));
        assertThat(events).isEmpty();
        assertThat(acks.held()).isEqualTo(2);

        release(T.plusMillis(400));
        assertThat(events).containsExactly("send p-1", "send p-2", "flush", "done 1", "done 2");
    }

    @Test
    void release_saysWhenTheNextAcknowledgementIsDue() {
        acks.hold(ack("p-1", 1), P0, 1, T.plusMillis(100));
        acks.hold(ack("p-2", 2), P0, 2, T.plusMillis(200));

        assertThat(acks.release(T.plusMillis(150), (p, o) -> { })).hasValue(T.plusMillis(200));
        assertThat(acks.release(T.plusMillis(200), (p, o) -> { })).isEmpty();
    }

    @Test
    void nothingDue_writesNothing_andFlushesNothing() {
        release(T);

        assertThat(events).isEmpty();
    }
}
