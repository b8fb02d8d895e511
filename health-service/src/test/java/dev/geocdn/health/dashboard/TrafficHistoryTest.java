package dev.geocdn.health.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Rates over a window of scrapes, and a region's figures summed over its nodes. */
class TrafficHistoryTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static Instant at(double seconds) {
        return T0.plusMillis((long) (seconds * 1000));
    }

    /** A node's counters: requests by result, bytes to clients and from the origin, latency buckets. */
    private static Counters node(double hits, double misses, double passes, double served, double origin,
                                 Map<Double, Double> latency) {
        return new Counters(Map.of("hit", hits, "miss", misses, "pass", passes), new TreeMap<>(latency), served, origin,
                Map.of(), Map.of());
    }

    private static Counters requests(double hits) {
        return node(hits, 0, 0, 0, 0, Map.of());
    }

    @Test
    void theRate_comparesTheOldestAndNewestScrapeWithinTheWindow() {
        TrafficHistory history = new TrafficHistory(Duration.ofSeconds(10));
        history.record("n1", at(0), requests(0));
        history.record("n1", at(5), requests(50));
        history.record("n1", at(9), requests(100));

        TrafficHistory.Window window = history.over("n1", at(9)).orElseThrow();

        assertThat(window.seconds()).isEqualTo(9.0);
        assertThat(window.increase().totalRequests()).isEqualTo(100.0);
        assertThat(history.over("n1", at(12)).orElseThrow().seconds()).as("the scrape at 0 s left the window")
                .isEqualTo(4.0);
    }

    @Test
    void aTarget_needsTwoScrapesInTheWindow_andFadesOutWhenItStopsAnswering() {
        TrafficHistory history = new TrafficHistory(Duration.ofSeconds(10));
        assertThat(history.over("n1", at(0))).isEmpty();
        history.record("n1", at(0), requests(0));
        assertThat(history.over("n1", at(0))).as("one scrape").isEmpty();
        history.record("n1", at(1), requests(10));
        assertThat(history.over("n1", at(10))).isPresent();

        assertThat(history.over("n1", at(10.5))).as("only the scrape at 1 s is left").isEmpty();
    }

    @Test
    void aScrapeNotNewerThanTheLast_isIgnored() {
        TrafficHistory history = new TrafficHistory(Duration.ofSeconds(10));
        history.record("n1", at(0), requests(0));
        history.record("n1", at(2), requests(20));
        history.record("n1", at(1), requests(999));

        assertThat(history.over("n1", at(2)).orElseThrow().increase().totalRequests()).isEqualTo(20.0);
    }

    @Test
    void aRegion_addsItsNodesRates_andComputesRatioAndQuantilesOverAllTheirRequests() {
        Map<Double, Double> none = Map.of(0.001, 0.0, 0.01, 0.0, 0.1, 0.0, Double.POSITIVE_INFINITY, 0.0);
        // node 1 over 2 s: 18 hits and 2 misses, every one under 1 ms; node 2 over 1 s: 10 misses and 10
        // passes, between 10 and 100 ms
        TrafficHistory.Window n1 = new TrafficHistory.Window(2.0, node(18, 2, 0, 2000, 400,
                Map.of(0.001, 20.0, 0.01, 20.0, 0.1, 20.0, Double.POSITIVE_INFINITY, 20.0)).since(node(0, 0, 0, 0, 0, none)));
        TrafficHistory.Window n2 = new TrafficHistory.Window(1.0, node(0, 10, 10, 500, 500,
                Map.of(0.001, 0.0, 0.01, 0.0, 0.1, 20.0, Double.POSITIVE_INFINITY, 20.0)).since(node(0, 0, 0, 0, 0, none)));

        RegionTraffic region = RegionTraffic.of(List.of(n1, n2));

        assertThat(region.requestsPerSecond()).isEqualTo(10.0 + 20.0);
        assertThat(region.hitRatio()).as("18 hits of 30 cacheable requests").isCloseTo(0.6, within(1e-9));
        assertThat(region.toClientsBytesPerSecond()).isEqualTo(1000.0 + 500.0);
        assertThat(region.fromOriginBytesPerSecond()).isEqualTo(200.0 + 500.0);
        assertThat(region.p50Seconds()).as("rank 20 of 40: the last of the fast ones").isCloseTo(0.001, within(1e-9));
        assertThat(region.p99Seconds()).isCloseTo(0.01 + 0.09 * (19.6 / 20), within(1e-9));
        assertThat(region.interRegionBytesPerSecond()).isZero();
    }

    @Test
    void aRegionWithoutScrapedNodes_hasNoFigures_andOneWithoutRequests_hasNoRatioNorLatency() {
        assertThat(RegionTraffic.of(List.of())).isEqualTo(RegionTraffic.UNKNOWN);

        RegionTraffic idle = RegionTraffic.of(List.of(new TrafficHistory.Window(1.0, requests(5).since(requests(5)))));

        assertThat(idle.requestsPerSecond()).isZero();
        assertThat(idle.hitRatio()).isNull();
        assertThat(idle.p99Seconds()).isNull();
    }

    @Test
    void links_andGatewayFailovers_areRatesByKind() {
        Counters before = new Counters(Map.of(), new TreeMap<>(), 0, 0,
                Map.of(new Counters.Link("us-east", "eu-west"), 1000.0),
                Map.of(new Counters.Failover("node", "connect_failed"), 1.0, new Counters.Failover("region", "no_response"), 0.0));
        Counters after = new Counters(Map.of(), new TreeMap<>(), 0, 0,
                Map.of(new Counters.Link("us-east", "eu-west"), 5000.0, new Counters.Link("us-west", "eu-west"), 200.0),
                Map.of(new Counters.Failover("node", "connect_failed"), 5.0, new Counters.Failover("region", "no_response"), 0.0));
        TrafficHistory.Window window = new TrafficHistory.Window(2.0, after.since(before));

        assertThat(RegionTraffic.links(List.of(window))).containsExactly(
                Map.entry(new Counters.Link("us-east", "eu-west"), 2000.0),
                Map.entry(new Counters.Link("us-west", "eu-west"), 100.0));
        assertThat(RegionTraffic.of(List.of(window)).interRegionBytesPerSecond()).isEqualTo(2100.0);
        assertThat(RegionTraffic.failovers(window)).as("only kinds that happened")
                .containsExactly(Map.entry(new Counters.Failover("node", "connect_failed"), 2.0));
    }

    @Test
    void aScrape_isReducedToTheDashboardsCounters() {
        Counters read = Counters.of(PrometheusText.parse("""
                geocdn_requests_total{node="n",region="r",result="hit"} 55.0
                geocdn_requests_total{node="n",region="r",result="miss"} 2.0
                geocdn_request_duration_seconds_bucket{result="hit",le="0.001"} 50
                geocdn_request_duration_seconds_bucket{result="hit",le="+Inf"} 55
                geocdn_request_duration_seconds_bucket{result="miss",le="0.001"} 0
                geocdn_request_duration_seconds_bucket{result="miss",le="+Inf"} 2
                geocdn_request_duration_seconds_count{result="hit"} 55
                geocdn_served_bytes_total{node="n",region="r"} 3952.0
                geocdn_origin_received_bytes_total{node="n",region="r"} 1040.0
                geocdn_interregion_received_bytes_total{from="us-east",to="r",reason="fill"} 10.0
                geocdn_interregion_received_bytes_total{from="us-east",to="r",reason="revalidation"} 5.0
                geocdn_gateway_failovers_total{reason="circuit_open",scope="node"} 3.0
                geocdn_cache_hit_ratio{node="n",region="r"} 0.96
                """, Counters.PREFIX));

        assertThat(read.requests()).isEqualTo(Map.of("hit", 55.0, "miss", 2.0));
        assertThat(read.latency()).containsExactly(Map.entry(0.001, 50.0), Map.entry(Double.POSITIVE_INFINITY, 57.0));
        assertThat(read.servedBytes()).isEqualTo(3952.0);
        assertThat(read.originBytes()).isEqualTo(1040.0);
        assertThat(read.interRegion()).isEqualTo(Map.of(new Counters.Link("us-east", "r"), 15.0));
        assertThat(read.failovers()).isEqualTo(Map.of(new Counters.Failover("node", "circuit_open"), 3.0));
    }
}
