package dev.geocdn.purgebus.loop;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacingTest {

    private final Pacing pacing = new Pacing(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(200),
            Duration.ofSeconds(1));

    @Test
    void retries_doubleFromTheFirstWait_upToTheLongest() {
        assertThat(pacing.retryAfter(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(pacing.retryAfter(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(pacing.retryAfter(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(pacing.retryAfter(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacing.retryAfter(1_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLongestWaitShorterThanTheFirst_isRefused() {
        assertThatThrownBy(() -> new Pacing(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1))).hasMessageContaining("maxRetry");
    }
}
