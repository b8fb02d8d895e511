package dev.geocdn.invalidation.limits;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeRateLimitsTest {

    /** Periods of an hour: Resilience4j reads the system ticker, and the cycle must not turn over mid-test. */
    private final PurgeRateLimits limits = new PurgeRateLimits(new PurgeRateLimits.Limit(2, Duration.ofHours(1)),
            Map.of("ci", new PurgeRateLimits.Limit(1, Duration.ofHours(1))));

    @Test
    void aTokenOverItsLimit_isToldHowLongToWait() {
        assertThat(limits.acquire("ops")).isEmpty();
        assertThat(limits.acquire("ops")).isEmpty();

        assertThat(limits.acquire("ops")).hasValueSatisfying(wait ->
                assertThat(wait).isGreaterThan(Duration.ofMinutes(50)).isLessThanOrEqualTo(Duration.ofHours(1)));
    }

    @Test
    void eachToken_hasItsOwnShare() {
        limits.acquire("ops");
        limits.acquire("ops");

        assertThat(limits.acquire("other")).isEmpty();
    }

    @Test
    void aTokensOwnLimit_replacesTheDefault() {
        assertThat(limits.acquire("ci")).isEmpty();
        assertThat(limits.acquire("ci")).isPresent();
    }

    @Test
    void theWait_isAtLeastASecond_asRetryAfterCountsWholeSeconds() {
        PurgeRateLimits fast = new PurgeRateLimits(new PurgeRateLimits.Limit(1, Duration.ofMillis(900)), Map.of());
        fast.acquire("ops");

        assertThat(fast.acquire("ops")).contains(Duration.ofSeconds(1));
    }
}
