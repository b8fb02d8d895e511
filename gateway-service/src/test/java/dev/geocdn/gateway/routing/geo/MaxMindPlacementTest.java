package dev.geocdn.gateway.routing.geo;

import dev.geocdn.gateway.GatewayApplication;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A global gateway placing clients with a MaxMind database, over real sockets: a trusted
 * proxy's {@code Forwarded: for=} names the client, the database its country, the country
 * table its region. Two origin-mocks stand in for the regions' gateways, so which one received
 * the request shows where the client was sent.
 */
class MaxMindPlacementTest {

    @TempDir
    static Path dir;
    static OriginMock usEast;
    static OriginMock euWest;
    static ConfigurableApplicationContext gateway;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Path db = dir.resolve("GeoLite2-City.mmdb");
        new MmdbFile("GeoLite2-City")
                .network("81.2.69.0/24", MmdbFile.country("GB", "EU"))
                .network("216.160.83.0/24", MmdbFile.country("US", "NA"))
                .network("89.160.20.0/24", MmdbFile.country("SE", "EU"))
                .writeTo(db);
        usEast = OriginMock.start(OriginMockConfig.defaults().withPort(0));
        euWest = OriginMock.start(OriginMockConfig.defaults().withPort(0));
        gateway = run(List.of("--cdn.gateway.placement.maxmind.database=" + db,
                "--cdn.gateway.placement.maxmind.continents.EU=eu-west"));
    }

    static ConfigurableApplicationContext run(List<String> extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.address=127.0.0.1", "--server.port=0",
                "--management.server.port=0", "--spring.main.banner-mode=off",
                "--cdn.gateway.id=gw-test",
                "--cdn.gateway.regions.us-east.gateway=" + usEast.baseUrl(),
                "--cdn.gateway.regions.eu-west.gateway=" + euWest.baseUrl(),
                "--cdn.gateway.placement.trusted-proxies[0]=127.0.0.0/8",
                "--cdn.gateway.placement.countries.US=us-east",
                "--cdn.gateway.placement.default-region=us-east",
                "--cdn.gateway.distances.us-east.eu-west=80"));
        args.addAll(extra);
        return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        usEast.close();
        euWest.close();
    }

    private static HttpResponse<String> getAs(String client, String path) throws Exception {
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Forwarded", "for=" + client).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCountryFromTheDatabase_sendsTheClientToItsRegion_andSaysWhy() throws Exception {
        long before = usEast.requestCount("/objects/mm-us");

        HttpResponse<String> response = getAs("216.160.83.56", "/objects/mm-us?size=10");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-GeoCDN-Client-Region"))
                .contains("us-east; by=maxmind; match=\"country=US\"");
        assertThat(usEast.requestCount("/objects/mm-us")).isEqualTo(before + 1);
    }

    @Test
    void aCountryOnlyItsContinentMaps_goesToTheContinentsRegion() throws Exception {
        HttpResponse<String> response = getAs("89.160.20.112", "/objects/mm-se?size=10");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-GeoCDN-Client-Region"))
                .contains("eu-west; by=maxmind; match=\"continent=EU\"");
        assertThat(euWest.requestCount("/objects/mm-se")).isEqualTo(1);
    }

    @Test
    void aClientTheDatabaseDoesNotKnow_fallsThroughToTheNextSource() throws Exception {
        HttpResponse<String> response = getAs("192.0.2.10", "/objects/mm-unknown?size=10");

        assertThat(response.statusCode()).isEqualTo(200);
        // the next source is latency (the default order): whichever stand-in answered faster, or,
        // before the first RTT probe, the default region
        assertThat(response.headers().firstValue("X-GeoCDN-Client-Region")).hasValueSatisfying(v ->
                assertThat(v).matches("(us-east|eu-west); by=latency.*|us-east; by=default"));
    }

    @Test
    void aMissingDatabase_stopsStartUp_namingTheFile() {
        assertThatThrownBy(() -> run(List.of("--cdn.gateway.placement.maxmind.database=" + dir.resolve("gone.mmdb"))))
                .hasStackTraceContaining("cdn.gateway.placement.maxmind.database")
                .hasStackTraceContaining("gone.mmdb");
    }

    @Test
    void theOrder_mayOnlyNameKnownSources() {
        assertThatThrownBy(() -> run(List.of("--cdn.gateway.placement.order=header,geoip")))
                .hasStackTraceContaining("may only name header, cidr, maxmind and latency");
    }

}
