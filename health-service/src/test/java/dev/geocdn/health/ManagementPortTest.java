package dev.geocdn.health;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The health service's management port as Prometheus and anyone else see it, with the service
 * probing a small world over real sockets every 100 ms: us-west-1's management port is a
 * stand-in whose health the test turns up and down, us-west-2 has no management URL (so every
 * probe of it succeeds), and eu-west-1's management URL is a closed port (down from its first
 * probe). One failed probe takes a node out, one good probe brings it back.
 */
class ManagementPortTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicBoolean usWest1Up = new AtomicBoolean(true);

    static HttpServer usWest1;
    static ConfigurableApplicationContext health;

    @BeforeAll
    static void start() throws IOException {
        usWest1 = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        usWest1.createContext("/actuator/health", exchange -> {
            byte[] body = (usWest1Up.get() ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(usWest1Up.get() ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        usWest1.start();
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        health = new SpringApplicationBuilder(HealthApplication.class).run("--server.port=0",
                "--management.server.port=0", "--spring.main.banner-mode=off",
                "--cdn.health.probe.interval=100ms", "--cdn.health.probe.timeout=500ms",
                "--cdn.health.probe.failures-to-leave=1", "--cdn.health.probe.successes-to-return=1",
                "--cdn.health.regions.us-west.nodes[0].id=us-west-1",
                "--cdn.health.regions.us-west.nodes[0].url=http://127.0.0.1:1",
                "--cdn.health.regions.us-west.nodes[0].management=http://127.0.0.1:" + usWest1.getAddress().getPort(),
                "--cdn.health.regions.us-west.nodes[1].id=us-west-2",
                "--cdn.health.regions.us-west.nodes[1].url=http://127.0.0.1:1",
                "--cdn.health.regions.eu-west.nodes[0].id=eu-west-1",
                "--cdn.health.regions.eu-west.nodes[0].url=http://127.0.0.1:1",
                "--cdn.health.regions.eu-west.nodes[0].management=http://127.0.0.1:" + closed);
        await("every node probed once").atMost(Duration.ofSeconds(10)).until(() -> !get(
                "http://127.0.0.1:" + ((WebServerApplicationContext) health).getWebServer().getPort() + "/v1/regions")
                .body().contains("not probed yet"));
    }

    @AfterAll
    static void stop() {
        if (health != null) {
            health.close();
        }
        usWest1.stop(0);
    }

    private static HttpResponse<String> management(String path) {
        return get("http://127.0.0.1:" + health.getEnvironment().getProperty("local.management.port") + path);
    }

    private static HttpResponse<String> get(String url) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).join();
    }

    /**
     * The value of one series in a scrape of {@code /actuator/prometheus}, written as the
     * exposition writes it (labels sorted by name); 0 when the series is not there.
     */
    private static double value(String series) {
        return management("/actuator/prometheus").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst().orElse(0);
    }

    @Test
    void eachVerdict_isAGauge_andATargetFoundDeadCountsOneTransition() {
        String nodeDown = "geocdn_health_state_transitions_total{kind=\"node\",region=\"eu-west\",to=\"down\"}";
        String regionDown = "geocdn_health_state_transitions_total{kind=\"region\",region=\"eu-west\",to=\"down\"}";
        await("eu-west found down").atMost(Duration.ofSeconds(10))
                .until(() -> value(nodeDown) > 0 && value(regionDown) > 0);

        assertThat(value(nodeDown)).as("found down by its first probe, and down since").isEqualTo(1);
        assertThat(value(regionDown)).isEqualTo(1);
        assertThat(value("geocdn_health_node_up{node=\"eu-west-1\",region=\"eu-west\"}")).isZero();
        assertThat(value("geocdn_health_region_up{region=\"eu-west\"}")).isZero();
        assertThat(value("geocdn_health_node_up{node=\"us-west-2\",region=\"us-west\"}")).isEqualTo(1);
        assertThat(value("geocdn_health_region_up{region=\"us-west\"}")).isEqualTo(1);
    }

    @Test
    void probes_areCountedAndTimed_byKindAndOutcome() {
        double ok = value("geocdn_health_probes_total{kind=\"node\",outcome=\"ok\"}");

        await("ten more good probes").atMost(Duration.ofSeconds(10))
                .until(() -> value("geocdn_health_probes_total{kind=\"node\",outcome=\"ok\"}") >= ok + 10);

        assertThat(value("geocdn_health_probe_duration_seconds_count{kind=\"node\",outcome=\"failed\"}")).isPositive();
        assertThat(value("geocdn_health_probe_duration_seconds_bucket{kind=\"node\",outcome=\"ok\",le=\"+Inf\"}"))
                .as("a histogram").isGreaterThanOrEqualTo(ok + 10);
    }

    @Test
    void aNodeMarkedDown_readsZero_untilItIsBack() {
        String usWest1Gauge = "geocdn_health_node_up{node=\"us-west-1\",region=\"us-west\"}";
        String down = "geocdn_health_state_transitions_total{kind=\"node\",region=\"us-west\",to=\"down\"}";
        String up = "geocdn_health_state_transitions_total{kind=\"node\",region=\"us-west\",to=\"up\"}";
        await().atMost(Duration.ofSeconds(10)).until(() -> value(usWest1Gauge) == 1);
        double downBefore = value(down);
        double upBefore = value(up);
        try {
            usWest1Up.set(false);
            await("us-west-1 marked down").atMost(Duration.ofSeconds(10))
                    .until(() -> value(usWest1Gauge) == 0 && value(down) > downBefore);

            assertThat(value(down)).as("one transition").isEqualTo(downBefore + 1);
            assertThat(value("geocdn_health_region_up{region=\"us-west\"}")).as("us-west-2 is still up").isEqualTo(1);
        } finally {
            usWest1Up.set(true);
        }
        await("us-west-1 back").atMost(Duration.ofSeconds(10))
                .until(() -> value(usWest1Gauge) == 1 && value(up) > upBefore);
        assertThat(value(up)).as("one transition").isEqualTo(upBefore + 1);
    }

    @Test
    void health_showsAnonymousCallersTheStatusAlone() {
        HttpResponse<String> response = management("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).as("the status, and the names of the probe groups")
                .isEqualTo(JSON.readTree("{\"status\": \"UP\", \"groups\": [\"liveness\", \"readiness\"]}"));
        assertThat(management("/actuator/health/diskSpace").statusCode()).as("a component by its path").isEqualTo(404);
    }
}
