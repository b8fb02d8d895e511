package dev.geocdn.protocol.hlc;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HybridLogicalClockTest {

    private final AtomicLong wall = new AtomicLong(1_000_000);
    private final HybridLogicalClock clock = new HybridLogicalClock(wall::get, Duration.ofSeconds(60));

    @Test
    void followsTheWallClock_whenItMoves() {
        assertThat(clock.now()).isEqualTo(HlcTime.of(1_000_000, 0));
        wall.set(1_000_005);
        assertThat(clock.now()).isEqualTo(HlcTime.of(1_000_005, 0));
    }

    @Test
    void countsWithinAMillisecond_andNeverRepeats() {
        long a = clock.now();
        long b = clock.now();
        long c = clock.now();

        assertThat(b).isEqualTo(a + 1);
        assertThat(c).isEqualTo(a + 2);
        assertThat(HlcTime.physicalMillis(c)).isEqualTo(1_000_000);
        assertThat(HlcTime.logical(c)).isEqualTo(2);
    }

    @Test
    void neverGoesBackwards_whenTheWallClockDoes() {
        long before = clock.now();
        wall.set(999_000);

        assertThat(clock.now()).isGreaterThan(before);
    }

    @Test
    void aReceivedTimeAhead_isPassed_soEffectsOrderAfterCauses() {
        long remote = HlcTime.of(1_000_500, 7); // a purge stamped by a service whose clock is 500 ms ahead

        long received = clock.update(remote);
        long fillStarted = clock.now();

        assertThat(received).isGreaterThan(remote);
        assertThat(fillStarted).isGreaterThan(remote);
        assertThat(HlcTime.physicalMillis(fillStarted)).as("keeps the remote's millis until the wall catches up")
                .isEqualTo(1_000_500);
    }

    @Test
    void aReceivedTimeBehind_changesNothingButOrder() {
        clock.now();
        long received = clock.update(HlcTime.of(900_000, 3));

        assertThat(received).isEqualTo(HlcTime.of(1_000_000, 1));
    }

    @Test
    void aRemoteTimeTooFarAhead_isRefused_andTheClockUnchanged() {
        long before = clock.now();

        assertThatThrownBy(() -> clock.update(HlcTime.of(1_000_000 + 61_000, 0)))
                .isInstanceOf(HybridLogicalClock.ClockOffsetException.class)
                .hasMessageContaining("61000 ms ahead");
        assertThat(clock.last()).isEqualTo(before);
        assertThat(clock.update(HlcTime.of(1_000_000 + 60_000, 0))).as("at the bound it is believed")
                .isGreaterThan(HlcTime.of(1_060_000, 0));
    }

    @Test
    void aFullCounter_borrowsTheNextMillisecond() {
        long full = HlcTime.of(1_000_000, (1 << HlcTime.LOGICAL_BITS) - 1);
        clock.update(full - 1);

        long next = clock.now();

        assertThat(next).isGreaterThan(full);
        assertThat(HlcTime.physicalMillis(next)).isEqualTo(1_000_001);
    }

    @Test
    void aNonPositiveMaxOffset_isRefused() {
        assertThatThrownBy(() -> new HybridLogicalClock(wall::get, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
