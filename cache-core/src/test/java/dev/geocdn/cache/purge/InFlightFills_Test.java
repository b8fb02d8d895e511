package dev.geocdn.cache.purge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("In-flight fills: the oldest start still open bounds tombstone expiry")
class InFlightFills_Test {

    private final InFlightFills fills = new InFlightFills();

    @Test
    void nothingOpen_hasNoOldest() {
        assertThat(fills.oldestStart()).isEmpty();
        assertThat(fills.size()).isZero();
    }

    @Test
    void theOldestOpenStart_isReported_whateverTheOrderOfRegistration() {
        InFlightFills.Fill late = fills.begin(30);
        InFlightFills.Fill early = fills.begin(10);
        InFlightFills.Fill middle = fills.begin(20);

        assertThat(fills.oldestStart()).isEqualTo(OptionalLong.of(10));
        early.close();
        assertThat(fills.oldestStart()).isEqualTo(OptionalLong.of(20));
        late.close();
        middle.close();
        assertThat(fills.oldestStart()).isEmpty();
    }

    @Test
    void fillsWithTheSameStart_areCountedApart() {
        InFlightFills.Fill a = fills.begin(10);
        InFlightFills.Fill b = fills.begin(10);

        a.close();

        assertThat(fills.size()).isEqualTo(1);
        assertThat(fills.oldestStart()).isEqualTo(OptionalLong.of(10));
        b.close();
        assertThat(fills.oldestStart()).isEmpty();
    }

    @Test
    void tryWithResources_closesTheFill_andClosingTwiceIsHarmless() {
        InFlightFills.Fill kept = fills.begin(50);
        try (InFlightFills.Fill fill = fills.begin(5)) {
            assertThat(fill.startedAt()).isEqualTo(5);
            assertThat(fills.oldestStart()).isEqualTo(OptionalLong.of(5));
            fill.close();
        }
        assertThat(fills.size()).isEqualTo(1);
        assertThat(fills.oldestStart()).isEqualTo(OptionalLong.of(50));
        kept.close();
    }
}
