package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health service in the local world: it probes every node and gateway, publishes who is up
 * at {@code /v1/regions}, and pushes membership to the gateways, which then route around a dead
 * node without even trying it.
 */
class LocalWorldHealthTest {

    private static LocalWorld world;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral());
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    private static String regions() {
        return WorldHealth.regions(world);
    }

    /** The membership at {@code /v1/regions} once {@code condition} holds; fails with the last one read after {@code within}. */
    private static String awaitRegions(String what, Predicate<String> condition, Duration within) {
        return await().atMost(within).alias(what).until(LocalWorldHealthTest::regions, condition);
    }

    /** A GET through the global gateway from a us-east client. */
    private static ClientFrom.Response fromUsEast(String name) {
        return ClientFrom.get("127.0.2.50", world.gatewayUrl() + "/objects/" + name + "?size=1k&cc=max-age%3D60");
    }

    private static boolean nodeIs(String body, String id, String state) {
        return WorldHealth.nodeIs(body, id, state);
    }

    @Test
    void everyRegionAndNode_isReportedUp_withAReason() throws Exception {
        String body = awaitRegions("every region and node up", b -> !b.contains("\"DOWN\""), Duration.ofSeconds(10));

        for (String region : world.regions()) {
            assertThat(body).contains("\"name\":\"" + region + "\"");
            for (String id : world.nodeIds(region)) {
                assertThat(nodeIs(body, id, "UP")).as(id + " up in " + body).isTrue();
            }
        }
        assertThat(body).contains("2 of 2 nodes up").contains("cache read 200");
    }

    @Test
    void aStoppedNode_leavesTheMembership_andTheGatewaysStopTryingIt() throws Exception {
        awaitRegions("every region and node up", b -> !b.contains("\"DOWN\""), Duration.ofSeconds(10));
        world.stopNode("us-east-1");
        long stopped = System.nanoTime();
        String body = awaitRegions("us-east-1 down", b -> nodeIs(b, "us-east-1", "DOWN"), Duration.ofSeconds(5));
        double seconds = (System.nanoTime() - stopped) / 1e9;

        assertThat(body).containsPattern("\\d probes failed: connection (refused|closed)").contains("1 of 2 nodes up");
        assertThat(seconds).isLessThan(5);

        // the push to the gateways is one hop behind /v1/regions: probes on paths of their own show
        // when no gateway tries us-east-1 any more (of 20 paths, about half are us-east-1's)
        await().atMost(Duration.ofSeconds(5)).alias("the gateways route around us-east-1")
                .until(() -> IntStream.range(0, 20).mapToObj(i -> fromUsEast("health-probe-" + i))
                        .allMatch(r -> r.status() == 200 && r.header("X-GeoCDN-Skipped") == null));
        for (int i = 0; i < 20; i++) {
            ClientFrom.Response r = fromUsEast("health-" + i);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("X-Served-By")).isEqualTo("us-east/us-east-2");
            assertThat(r.header("X-GeoCDN-Skipped")).as("a node known to be down is not tried").isNull();
        }

        world.startNode("us-east-1");
        body = awaitRegions("us-east-1 up again", b -> nodeIs(b, "us-east-1", "UP"), Duration.ofSeconds(10));
        assertThat(body).contains("probes ok");
    }

    private static org.xbill.DNS.Message ask(String name, int type, String subnet, boolean tcp) throws Exception {
        org.xbill.DNS.SimpleResolver resolver = new org.xbill.DNS.SimpleResolver("127.0.0.1");
        resolver.setPort(world.dnsPort());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        if (subnet != null) {
            resolver.setEDNS(0, 1232, 0, java.util.List.of(
                    new org.xbill.DNS.ClientSubnetOption(24, java.net.InetAddress.getByName(subnet))));
        }
        org.xbill.DNS.Record question = org.xbill.DNS.Record.newRecord(
                org.xbill.DNS.Name.fromString(name, org.xbill.DNS.Name.root), type, org.xbill.DNS.DClass.IN);
        return resolver.send(org.xbill.DNS.Message.newQuery(question));
    }

    private static java.util.List<String> addresses(org.xbill.DNS.Message answer) {
        return answer.getSection(org.xbill.DNS.Section.ANSWER).stream()
                .map(r -> r.rdataToString()).toList();
    }

    @Test
    void geoDns_answersEachClientSubnetWithItsRegionsGateway_overUdpAndTcp() throws Exception {
        awaitRegions("every region and node up", b -> !b.contains("\"DOWN\""), Duration.ofSeconds(10));

        assertThat(addresses(ask("cdn.geocdn.local", org.xbill.DNS.Type.A, "127.0.1.0", false))).containsExactly("127.0.1.254");
        assertThat(addresses(ask("cdn.geocdn.local", org.xbill.DNS.Type.A, "127.0.2.0", false))).containsExactly("127.0.2.254");
        org.xbill.DNS.Message euWest = ask("CDN.geocdn.local", org.xbill.DNS.Type.A, "127.0.3.0", true);
        assertThat(addresses(euWest)).containsExactly("127.0.3.254");
        assertThat(euWest.getHeader().getFlag(org.xbill.DNS.Flags.AA)).isTrue();
        assertThat(euWest.getSection(org.xbill.DNS.Section.ANSWER).get(0).getTTL()).isEqualTo(5);

        org.xbill.DNS.Message other = ask("example.com", org.xbill.DNS.Type.A, null, false);
        assertThat(other.getRcode()).isEqualTo(org.xbill.DNS.Rcode.REFUSED);
        org.xbill.DNS.Message mx = ask("cdn.geocdn.local", org.xbill.DNS.Type.MX, "127.0.3.0", false);
        assertThat(mx.getRcode()).isEqualTo(org.xbill.DNS.Rcode.NOERROR);
        assertThat(addresses(mx)).isEmpty();

        // every answer is counted, by transport, response code and the region it named
        String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(world.managementUrls().get("health") + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape).containsPattern("geocdn_dns_answers_total\\{answer_region=\"us-west\",rcode=\"noerror\","
                + "transport=\"udp\"} [1-9]")
                .containsPattern("geocdn_dns_answers_total\\{answer_region=\"eu-west\",rcode=\"noerror\","
                        + "transport=\"tcp\"} [1-9]")
                .containsPattern("geocdn_dns_answers_total\\{answer_region=\"\",rcode=\"refused\",transport=\"udp\"} [1-9]");

        // the answered gateway really serves: the address is usable with the regional port
        ClientFrom.Response viaDnsAnswer = ClientFrom.get("127.0.3.60", world.regionalGatewayUrl("eu-west")
                + "/objects/dns-answer?size=1k&cc=max-age%3D60");
        assertThat(viaDnsAnswer.status()).isEqualTo(200);
        assertThat(viaDnsAnswer.header("X-Served-By")).startsWith("eu-west/");
    }

    @Test
    void geoDns_leavesADownRegionOutOfItsAnswers_andTakesItBack() throws Exception {
        awaitRegions("every region and node up", b -> !b.contains("\"DOWN\""), Duration.ofSeconds(10));
        // a region with no healthy node is down (its gateway still runs)
        world.nodeIds("eu-west").forEach(world::stopNode);
        try {
            awaitRegions("eu-west down", b -> b.contains("no healthy node"), Duration.ofSeconds(10));
            assertThat(addresses(ask("cdn.geocdn.local", org.xbill.DNS.Type.A, "127.0.3.0", false)))
                    .as("eu-west's clients go to us-east, 80 ms away").containsExactly("127.0.2.254");
        } finally {
            world.nodeIds("eu-west").forEach(world::startNode);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                addresses(ask("cdn.geocdn.local", org.xbill.DNS.Type.A, "127.0.3.0", false)))
                .as("eu-west's clients answered with eu-west again").containsExactly("127.0.3.254"));
    }
}
