package dev.geocdn.protocol.http;

import dev.geocdn.protocol.http.WarmVerdict.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** How a node's answer to a warming HEAD is counted, by its status and RFC 9211 Cache-Status entry. */
class WarmVerdictTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            200 | us-west-1; hit; ttl=42                                        | FRESH  | already fresh
            200 | us-west-1; hit; ttl=7; tier=redis                             | WARMED | read from the redis tier
            200 | us-west-1; fwd=uri-miss; fwd-status=200; ttl=59; stored       | WARMED | filled
            200 | us-west-1; fwd=stale; fwd-status=304; ttl=59; stored          | WARMED | revalidated
            200 | us-west-1; hit; ttl=-2; detail=stale-while-revalidate         | WARMED | stale; refreshed in the background
            200 | us-west-1; fwd=uri-miss; fwd-status=200; collapsed            | WARMED | joined a fill in progress
            200 | us-west-1; fwd=uri-miss; fwd-status=200; detail=no-store      | FAILED | the node did not store it (no-store)
            200 | us-west-1; fwd=uri-miss; fwd-status=200                       | FAILED | the node did not store it: not cacheable
            404 | us-west-1; fwd=uri-miss; fwd-status=404                       | FAILED | the origin answered 404
            502 | us-west-1; fwd=uri-miss; detail=origin-unreachable            | FAILED | the node answered 502 (origin-unreachable)
            200 | us-west-1; hit; ttl=-30; detail=stale-if-error                | FAILED | the origin could not refresh it; a stale copy is served (stale-if-error)
            200 | OriginCDN; fwd=uri-miss, us-west-1; hit; ttl=5                | FRESH  | already fresh
            200 | null                                                          | FAILED | the node answered 200 without Cache-Status
            """)
    void classifiesTheNodesAnswer(int status, String cacheStatus, Outcome outcome, String why) {
        WarmVerdict verdict = WarmVerdict.of(status, cacheStatus, "us-west-1");

        assertThat(verdict.outcome()).isEqualTo(outcome);
        assertThat(verdict.why()).isEqualTo(why);
    }

    @Test
    void throughGateways_theNodesEntryCounts_notTheirs() {
        WarmVerdict verdict = WarmVerdict.of(200,
                "eu-west-2; fwd=uri-miss; fwd-status=200; stored, gw-eu-west; fwd=bypass", null);

        assertThat(verdict).isEqualTo(WarmVerdict.warmed("filled"));
        assertThat(WarmVerdict.of(200, "gw-eu-west; fwd=bypass", null).outcome()).isEqualTo(Outcome.FAILED);
    }
}
