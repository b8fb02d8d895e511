package dev.geocdn.node.purge;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DelayLineTest {

    private static final Instant T = Instant.parse("2026-12-04T17:00:00Z");
    private final DelayLine<String> line = new DelayLine<>();

    @Test
    void nothingIsLetOut_beforeItIsDue() {
        line.offer("a", T.plusMillis(100));

        assertThat(line.due(T.plusMillis(99))).isEmpty();
        assertThat(line.due(T.plusMillis(100))).containsExactly("a");
        assertThat(line.size()).isZero();
    }

    @Test
    void items_comeOutInTheOrderTheyWentIn_evenWhenALaterOneIsDueSooner() {
        line.offer("first", T.plusMillis(200));
        line.offer("second", T.plusMillis(100));

        assertThat(line.due(T.plusMillis(150))).as("held behind the first").isEmpty();
        assertThat(line.due(T.plusMillis(200))).containsExactly("first", "second");
    }

    @Test
    void everythingDue_comesOutAtOnce_andTheRestWaits() {
        line.offer("a", T.plusMillis(10));
        line.offer("b", T.plusMillis(20));
        line.offer("c", T.plusMillis(30));

        assertThat(line.due(T.plusMillis(25))).containsExactly("a", "b");
        assertThat(line.nextDue()).hasValue(T.plusMillis(30));
    }

    @Test
    void anUndelayedItem_isDueAtOnce() {
        line.offer("now", DelayLine.AT_ONCE);

        assertThat(line.due(T)).containsExactly("now");
    }

    @Test
    void anEmptyLine_hasNothingDue() {
        assertThat(line.nextDue()).isEmpty();
        assertThat(line.due(T)).isEmpty();
    }
}
