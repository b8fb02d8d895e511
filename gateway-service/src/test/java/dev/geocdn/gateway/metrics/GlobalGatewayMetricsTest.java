package dev.geocdn.gateway.metrics;

import dev.geocdn.gateway.routing.geo.MmdbFile;
import dev.geocdn.gateway.support.RunningGateway;
import dev.geocdn.gateway.support.Scrape;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global entry gateway's metrics, scraped over HTTP after real requests from several
 * loopback addresses: placements by the geo source that decided, and a region whose gateway is
 * down (us-east's is a closed port) failing over to the nearest other one. Origin-mocks stand in
 * for the gateways of us-west and eu-west. Each test compares the series before and after its
 * own requests.
 */
class GlobalGatewayMetricsTest {

    /** The trusted proxy, whose geo header and {@code Forwarded: for=} are believed. */
    static final String PROXY = "127.0.0.9";

    @TempDir
    static Path dir;
    static OriginMock usWest;
    static OriginMock euWest;
    static RunningGateway gateway;

    @BeforeAll
    static void start() {
        Path db = dir.resolve("GeoLite2-Country.mmdb");
        new MmdbFile("GeoLite2-Country").network("81.2.69.0/24", MmdbFile.country("GB", "EU")).writeTo(db);
        usWest = OriginMock.start(OriginMockConfig.defaults().withPort(0));
        euWest = OriginMock.start(OriginMockConfig.defaults().withPort(0));
        gateway = RunningGateway.start(List.of("--cdn.gateway.id=gw-global",
                "--cdn.gateway.regions.us-west.gateway=" + usWest.baseUrl(),
                "--cdn.gateway.regions.us-east.gateway=http://127.0.0.1:" + RunningGateway.closedPort(),
                "--cdn.gateway.regions.eu-west.gateway=" + euWest.baseUrl(),
                "--cdn.gateway.distances.us-east.us-west=60", "--cdn.gateway.distances.us-east.eu-west=80",
                "--cdn.gateway.distances.us-west.eu-west=140",
                "--cdn.gateway.placement.order=header,cidr,maxmind",
                "--cdn.gateway.placement.trusted-proxies[0]=" + PROXY + "/32",
                "--cdn.gateway.placement.cidrs[127.0.1.0/24]=us-west",
                "--cdn.gateway.placement.cidrs[127.0.2.0/24]=us-east",
                "--cdn.gateway.placement.countries.GB=eu-west",
                "--cdn.gateway.placement.maxmind.database=" + db,
                "--cdn.gateway.placement.default-region=eu-west"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {gateway, usWest, euWest}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void eachGeoSource_countsTheClientsItPlaced() {
        Scrape before = gateway.scrape();

        for (int i = 0; i < 3; i++) {
            assertPlaced(gateway.getFrom("127.0.1.1", "/objects/placed?size=8"), "us-west; by=cidr");
        }
        for (int i = 0; i < 2; i++) {
            assertPlaced(gateway.getFrom(PROXY, "/objects/placed?size=8", "X-Client-Region", "eu-west"), "eu-west; by=header");
        }
        assertPlaced(gateway.getFrom(PROXY, "/objects/placed?size=8", "Forwarded", "for=81.2.69.142"), "eu-west; by=maxmind");
        for (int i = 0; i < 4; i++) {
            assertPlaced(gateway.getFrom("127.0.0.1", "/objects/placed?size=8"), "eu-west; by=default");
        }

        Scrape after = gateway.scrapeAfter(before, 10);
        assertThat(delta(before, after, "cidr", "us-west")).isEqualTo(3);
        assertThat(delta(before, after, "header", "eu-west")).isEqualTo(2);
        assertThat(delta(before, after, "maxmind", "eu-west")).isEqualTo(1);
        assertThat(delta(before, after, "default", "eu-west")).isEqualTo(4);
        assertThat(after.increase(before, "geocdn_gateway_requests_total", "outcome", "local", "client_region", "us-west",
                "serving_region", "us-west")).isEqualTo(3);
        assertThat(after.select("geocdn_gateway_placements_total")).allSatisfy(s ->
                assertThat(s.labels()).containsEntry("region", "global").containsEntry("gateway", "gw-global"));
    }

    @Test
    void clientsOfARegionWhoseGatewayIsDown_areServedByTheNearestOtherRegion() {
        long usWestBefore = usWest.requestCount("/objects/us-east-client");
        Scrape before = gateway.scrape();

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = gateway.getFrom("127.0.2.1", "/objects/us-east-client?size=8");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-GeoCDN-Skipped")).hasValueSatisfying(v ->
                    assertThat(v).startsWith("gateway:us-east "));
        }

        Scrape after = gateway.scrapeAfter(before, 2);
        assertThat(usWest.requestCount("/objects/us-east-client")).isEqualTo(usWestBefore + 2);
        assertThat(after.increase(before, "geocdn_gateway_requests_total", "outcome", "failover_region",
                "client_region", "us-east", "serving_region", "us-west")).isEqualTo(2);
        assertThat(after.increase(before, "geocdn_gateway_failovers_total", "scope", "region")).isEqualTo(2);
    }

    private static void assertPlaced(HttpResponse<String> response, String placement) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-GeoCDN-Client-Region")).hasValueSatisfying(v ->
                assertThat(v).startsWith(placement));
    }

    /** How many more clients {@code source} placed in {@code region}. */
    private static double delta(Scrape before, Scrape after, String source, String region) {
        return after.increase(before, "geocdn_gateway_placements_total", "source", source, "client_region", region);
    }
}
