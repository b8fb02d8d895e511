package dev.geocdn.node.shield;

import dev.geocdn.protocol.hlc.HlcTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The fill time a parent sends: read back exactly, and as old as can be (0) when missing or unreadable. */
class TierFieldsTest {

    @Test
    void aFillTimeIsReadBackExactly() {
        long time = HlcTime.of(Instant.parse("2026-12-07T18:00:00.123Z").toEpochMilli(), 7);
        assertThat(TierFields.format(time)).isEqualTo("2026-12-07T18:00:00.123Z/7");
        assertThat(TierFields.filledAt(TierFields.format(time))).isEqualTo(time);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"yesterday", "2026-12-07T18:00:00Z", "2026-12-07T18:00:00Z/x", "2026-12-07T18:00:00Z/70000"})
    void aMissingOrUnreadableFillTime_isTakenAsTheOldest(String value) {
        assertThat(TierFields.filledAt(value)).isZero();
    }
}
