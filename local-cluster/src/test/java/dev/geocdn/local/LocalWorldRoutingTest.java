package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local world over real sockets: it reports each part as it comes up, and clients placed
 * by source address are served by their region's nodes, through the global gateway and their
 * regional gateway, with the public Host kept and the placement explained.
 */
class LocalWorldRoutingTest {

    private static LocalWorld world;
    /** The start-up progress lines, each with the addresses in it that did not accept a connection when it came. */
    private static final Map<String, List<String>> progress = Collections.synchronizedMap(new LinkedHashMap<>());

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral(),
                new StartProgress(line -> progress.put(line, refusing(line)), System::nanoTime));
    }

    /** The addresses (http://host:port, or Kafka's localhost:port) named in a line that refuse connections now. */
    private static List<String> refusing(String line) {
        List<String> refused = new ArrayList<>();
        Matcher address = Pattern.compile("(?:http://)?([\\w.]+):(\\d+)").matcher(line);
        while (address.find()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address.group(1), Integer.parseInt(address.group(2))), 2000);
            } catch (IOException e) {
                refused.add(address.group() + " (" + e.getMessage() + ")");
            }
        }
        return refused;
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @Test
    void startingUp_reportsEachPartInOrder_onceItAcceptsConnections() {
        List<String> lines = List.copyOf(progress.keySet());
        assertThat(lines.stream().map(line -> line.substring(0, 21).strip())).containsExactly("origin-mock", "Kafka",
                "us-west nodes", "us-east nodes", "eu-west nodes", "regional gateways", "global gateway",
                "health service", "invalidation API");
        assertThat(lines).allMatch(line -> line.matches("  .+  \\(\\d+\\.\\d s\\)"), "ends with the time it took");
        assertThat(lines.get(0)).contains(world.originUrl());
        assertThat(lines.get(1)).contains(world.kafkaBootstrapServers());
        for (int r = 0; r < 3; r++) {
            String region = world.regions().get(r);
            for (String id : world.nodeIds(region)) {
                assertThat(lines.get(2 + r)).contains(world.nodeUrl(id));
            }
            assertThat(lines.get(5)).contains(world.regionalGatewayUrl(region));
        }
        assertThat(lines.get(6)).contains(world.gatewayUrl());
        assertThat(lines.get(7)).contains(world.healthUrl()).contains("geo-DNS 127.0.0.1:" + world.dnsPort());
        assertThat(lines.get(8)).contains(world.invalidationUrl());
        progress.forEach((line, refused) -> assertThat(refused).as("refused when reported: " + line).isEmpty());
    }

    private static String object(String name) {
        return world.gatewayUrl() + "/objects/" + name + "?size=2k&cc=max-age%3D300";
    }

    @ParameterizedTest(name = "a client at {0} is served by {1}")
    @CsvSource({"127.0.1.9, us-west", "127.0.2.9, us-east", "127.0.3.9, eu-west"})
    void aClientPlacedByItsAddress_isServedByItsRegion(String source, String region) {
        ClientFrom.Response response = ClientFrom.get(source, object("placed-" + region));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize(2048);
        assertThat(response.header("X-Served-By")).startsWith(region + "/" + region + "-");
        assertThat(response.header("X-GeoCDN-Client-Region")).isEqualTo(region + "; by=cidr; match=\"127.0."
                + source.split("\\.")[2] + ".0/24\"");
        assertThat(response.header("Cache-Status"))
                .matches(region + "-\\d; fwd=uri-miss.*, gw-" + region + "; fwd=bypass, gw-global; fwd=bypass");
    }

    @Test
    void anOriginsInterimResponses_areReadPastByNodeAndGateways_andTheClientGetsTheFinalResponse() {
        ClientFrom.Response response = ClientFrom.get("127.0.3.40",
                world.gatewayUrl() + "/objects/interim-world?size=2k&cc=max-age%3D300&interim=103,102");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize(2048);
        assertThat(response.header("Cache-Status")).startsWith("eu-west-").contains("fwd=uri-miss").contains("stored");
        assertThat(response.header("Link")).as("interim fields are never part of the response").isNull();
    }

    @Test
    void theSameUrl_isOwnedByOneNodePerRegion_andFetchedOnceByEachRegion() {
        String url = object("owned-" + UUID.randomUUID());
        List<String> servedBy = new ArrayList<>();
        for (String source : List.of("127.0.1.5", "127.0.1.6", "127.0.2.5", "127.0.2.6", "127.0.3.5", "127.0.3.6")) {
            servedBy.add(ClientFrom.get(source, url).header("X-Served-By"));
        }
        assertThat(servedBy.get(0)).isEqualTo(servedBy.get(1));
        assertThat(servedBy.get(2)).isEqualTo(servedBy.get(3));
        assertThat(servedBy.get(4)).isEqualTo(servedBy.get(5));
        ClientFrom.Response again = ClientFrom.get("127.0.2.7", url);
        assertThat(again.header("Cache-Status")).contains("; hit");
        String path = url.substring(url.indexOf("/objects/"), url.indexOf('?'));
        assertThat(world.origin().requestCount(path)).as("one origin fetch per region").isEqualTo(3);
    }

    @Test
    void aSpoofedGeoHeaderFromAnUntrustedAddress_isIgnored() {
        ClientFrom.Response response = ClientFrom.get("127.0.1.20", object("spoofed"), "X-Client-Region", "eu-west");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Served-By")).startsWith("us-west/");
        assertThat(response.header("X-GeoCDN-Client-Region")).startsWith("us-west; by=cidr");
    }

    @Test
    void theClientsHostAndScheme_reachTheNode_soKeysNameThePublicUrl() {
        ClientFrom.Response response = ClientFrom.get("127.0.3.30", world.gatewayUrl() + "/echo/host-check",
                "Host", "cdn.example.com");
        // origin-mock's /echo returns the request it saw: the node forwarded the public Host
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).containsIgnoringCase("cdn.example.com");
    }
}
