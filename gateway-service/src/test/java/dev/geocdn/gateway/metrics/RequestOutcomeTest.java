package dev.geocdn.gateway.metrics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestOutcomeTest {

    @ParameterizedTest(name = "client {0}, served from {1}, passed over {2}: {3}")
    @CsvSource(nullValues = "-", value = {
            "us-west, us-west, false, LOCAL",
            "us-west, us-west, true,  FAILOVER_NODE",
            "us-west, eu-west, false, FAILOVER_REGION",
            "us-west, eu-west, true,  FAILOVER_REGION",
            "us-west, -,       false, ERROR",
            "us-west, -,       true,  ERROR",
    })
    void theOutcome_isWhereTheRequestWasServed_againstTheClientsRegion(String client, String serving, boolean passedOver,
                                                                       RequestOutcome expected) {
        assertThat(RequestOutcome.of(client, serving, passedOver)).isEqualTo(expected);
    }
}
