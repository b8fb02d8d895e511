package dev.geocdn.gateway.metrics;

import dev.geocdn.protocol.topology.RendezvousHasher;
import dev.geocdn.gateway.support.MembershipStream;
import dev.geocdn.gateway.support.RunningGateway;
import dev.geocdn.gateway.support.Scrape;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.protocol.topology.Membership;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A regional gateway's metrics, scraped over HTTP after real requests: the gateway of us-west,
 * whose us-west-1 is an origin-mock standing in for a node and whose us-west-2 is a closed port
 * (a dead node the membership still has up), with eu-west-1 (another origin-mock) 100 ms away.
 * Membership comes from a stand-in of the health service's stream. Each test compares the
 * series before and after its own requests, so no test depends on another's traffic.
 */
class RegionalGatewayMetricsTest {

    static OriginMock usWest1;
    static OriginMock euWest1;
    static MembershipStream membership;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        usWest1 = OriginMock.start(OriginMockConfig.defaults().withPort(0));
        euWest1 = OriginMock.start(OriginMockConfig.defaults().withPort(0));
        Map<String, Membership.RegionSpec> regions = Map.of(
                "us-west", new Membership.RegionSpec(null, null, List.of(node("us-west-1", usWest1.baseUrl()),
                        node("us-west-2", "http://127.0.0.1:" + RunningGateway.closedPort()))),
                "eu-west", new Membership.RegionSpec(null, null, List.of(node("eu-west-1", euWest1.baseUrl()))));
        membership = MembershipStream.start(regions);
        List<String> args = new ArrayList<>(List.of("--cdn.gateway.id=gw-us-west", "--cdn.gateway.region=us-west",
                "--cdn.gateway.distances.us-west.eu-west=100",
                "--cdn.gateway.membership.health-service-url=" + membership.url(),
                // a dead node's circuit opens after three failed connects and stays open
                "--cdn.gateway.failover.breaker.minimum-calls=3", "--cdn.gateway.failover.breaker.sliding-window-size=3",
                "--cdn.gateway.failover.breaker.open-duration=1h"));
        args.addAll(RunningGateway.regionArgs(regions));
        gateway = RunningGateway.start(args);
    }

    private static Membership.NodeSpec node(String id, String url) {
        return new Membership.NodeSpec(id, URI.create(url), null);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {gateway, membership, usWest1, euWest1}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @AfterEach
    void everythingUpAgain() {
        membership.publishDown();
        awaitMembership(2, 1);
    }

    /** Waits until the gateway's membership gauges show these healthy node counts. */
    private static void awaitMembership(int usWest, int euWest) {
        await("us-west " + usWest + " and eu-west " + euWest + " healthy nodes").atMost(Duration.ofSeconds(10))
                .until(() -> {
                    Scrape scrape = gateway.scrape();
                    return scrape.sum("geocdn_gateway_healthy_nodes", "member_region", "us-west") == usWest
                            && scrape.sum("geocdn_gateway_healthy_nodes", "member_region", "eu-west") == euWest;
                });
    }

    /** {@code n} paths whose owner among us-west's nodes is {@code node}. */
    private static List<String> pathsOwnedBy(String node, int n) {
        List<String> paths = new ArrayList<>();
        for (int i = 0; paths.size() < n; i++) {
            String path = "/objects/metrics-" + i + "?size=16";
            String key = "http://127.0.0.1:" + gateway.port() + path;
            if (RendezvousHasher.owner(key, List.of("us-west-1", "us-west-2"), Function.identity()).equals(node)) {
                paths.add(path);
            }
        }
        return paths;
    }

    private static List<HttpResponse<String>> getAll(List<String> paths) {
        return paths.stream().map(path -> gateway.get(path)).toList();
    }

    @Test
    void requestsServedByTheirOwner_countAsLocal_withTheirDuration() {
        Scrape before = gateway.scrape();

        List<HttpResponse<String>> responses = getAll(pathsOwnedBy("us-west-1", 5));

        assertThat(responses).allSatisfy(r -> assertThat(r.headers().firstValue("X-Served-By")).hasValue("us-west/us-west-1"));
        Scrape after = gateway.scrapeAfter(before, responses.size());
        assertThat(after.increase(before, "geocdn_gateway_requests_total", "outcome", "local", "client_region", "us-west",
                "serving_region", "us-west")).isEqualTo(5);
        assertThat(after.increase(before, "geocdn_gateway_request_duration_seconds_count", "outcome", "local")).isEqualTo(5);
        assertThat(after.increase(before, "geocdn_gateway_request_duration_seconds_bucket", "outcome", "local", "le", "+Inf"))
                .isEqualTo(5);
        assertThat(after.increase(before, "geocdn_gateway_failovers_total")).isZero();
    }

    @Test
    void requestsWhoseOwnerIsDead_failOverToTheOtherNode_andItsCircuitOpens() {
        Scrape before = gateway.scrape();

        List<HttpResponse<String>> responses = getAll(pathsOwnedBy("us-west-2", 5));

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Served-By")).hasValue("us-west/us-west-1");
        });
        Scrape after = gateway.scrapeAfter(before, responses.size());
        assertThat(after.increase(before, "geocdn_gateway_requests_total", "outcome", "failover_node",
                "client_region", "us-west", "serving_region", "us-west")).isEqualTo(5);
        assertThat(after.increase(before, "geocdn_gateway_failovers_total", "scope", "node")).isEqualTo(5);
        assertThat(after.increase(before, "geocdn_gateway_failovers_total", "scope", "node", "reason", "circuit_open"))
                .as("skipped without a connect once three connects failed").isGreaterThanOrEqualTo(2);
        assertThat(after.increase(before, "geocdn_gateway_failovers_total", "scope", "region")).isZero();
    }

    @Test
    void aRegionWhoseLiveNodesAllFail_sendsItsClientsToTheNextRegion() {
        membership.publishDown("us-west-1");
        awaitMembership(1, 1);
        Scrape before = gateway.scrape();

        List<HttpResponse<String>> responses = getAll(pathsOwnedBy("us-west-1", 3));

        assertThat(responses).allSatisfy(r -> assertThat(r.headers().firstValue("X-Served-By")).hasValue("eu-west/eu-west-1"));
        Scrape after = gateway.scrapeAfter(before, responses.size());
        assertThat(after.increase(before, "geocdn_gateway_requests_total", "outcome", "failover_region",
                "client_region", "us-west", "serving_region", "eu-west")).isEqualTo(3);
        assertThat(after.increase(before, "geocdn_gateway_failovers_total", "scope", "region")).isEqualTo(3);
    }

    @Test
    void aRegionDownInTheMembership_sendsItsClientsToTheNextRegion_withoutFailingOver() {
        membership.publishDown("us-west-1", "us-west-2");
        awaitMembership(0, 1);
        Scrape before = gateway.scrape();
        assertThat(before.sum("geocdn_gateway_region_up", "member_region", "us-west")).isZero();
        assertThat(before.sum("geocdn_gateway_region_up", "member_region", "eu-west")).isEqualTo(1);

        List<HttpResponse<String>> responses = getAll(pathsOwnedBy("us-west-1", 3));

        assertThat(responses).allSatisfy(r -> assertThat(r.headers().firstValue("X-Served-By")).hasValue("eu-west/eu-west-1"));
        Scrape after = gateway.scrapeAfter(before, responses.size());
        assertThat(after.increase(before, "geocdn_gateway_requests_total", "outcome", "failover_region",
                "client_region", "us-west", "serving_region", "eu-west")).isEqualTo(3);
        assertThat(after.increase(before, "geocdn_gateway_failovers_total")).as("the plan left us-west out").isZero();
    }

    @Test
    void aRequestNoTargetAnswers_isAnError() {
        membership.publishDown("us-west-1", "eu-west-1");
        awaitMembership(1, 0);
        Scrape before = gateway.scrape();

        List<HttpResponse<String>> responses = getAll(pathsOwnedBy("us-west-1", 2));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(502));
        Scrape after = gateway.scrapeAfter(before, responses.size());
        assertThat(after.increase(before, "geocdn_gateway_requests_total", "outcome", "error",
                "client_region", "us-west", "serving_region", "none")).isEqualTo(2);
        assertThat(after.increase(before, "geocdn_gateway_request_duration_seconds_count", "outcome", "error")).isEqualTo(2);
        assertThat(after.increase(before, "geocdn_gateway_failovers_total")).as("us-west-2 was the only target").isZero();
    }
}
