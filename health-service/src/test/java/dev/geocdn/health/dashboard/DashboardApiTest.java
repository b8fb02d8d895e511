package dev.geocdn.health.dashboard;

import com.sun.net.httpserver.HttpServer;
import dev.geocdn.health.HealthApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard over real sockets: the health service scrapes a stand-in node whose counters
 * grow by 10 requests (9 hits, 1 miss) and 10 kB per scrape, and a region whose only node is a
 * closed port; the page, its files, the JSON snapshot and the event stream answer as documented.
 */
class DashboardApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger scrapes = new AtomicInteger();

    static HttpServer usWest1;
    static ConfigurableApplicationContext health;
    static String base;

    @BeforeAll
    static void start() throws IOException {
        usWest1 = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        usWest1.createContext("/actuator/health", exchange -> answer(exchange, "{\"status\":\"UP\"}"));
        usWest1.createContext("/actuator/prometheus", exchange -> {
            int n = scrapes.incrementAndGet();
            answer(exchange, """
                    # TYPE geocdn_requests_total counter
                    geocdn_requests_total{node="us-west-1",region="us-west",result="hit"} %d.0
                    geocdn_requests_total{node="us-west-1",region="us-west",result="miss"} %d.0
                    geocdn_request_duration_seconds_bucket{node="us-west-1",region="us-west",result="hit",le="0.001"} %d
                    geocdn_request_duration_seconds_bucket{node="us-west-1",region="us-west",result="hit",le="0.01"} %d
                    geocdn_request_duration_seconds_bucket{node="us-west-1",region="us-west",result="hit",le="+Inf"} %d
                    geocdn_served_bytes_total{node="us-west-1",region="us-west"} %d.0
                    jvm_threads_live_threads 42.0
                    """.formatted(9 * n, n, 9 * n, 10 * n, 10 * n, 10_000 * n));
        });
        usWest1.start();
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String node = "http://127.0.0.1:" + usWest1.getAddress().getPort();
        health = new SpringApplicationBuilder(HealthApplication.class).run("--server.port=0",
                "--management.server.port=0", "--spring.main.banner-mode=off",
                "--cdn.health.probe.interval=100ms", "--cdn.health.probe.failures-to-leave=1",
                "--cdn.health.dashboard.scrape-interval=100ms", "--cdn.health.dashboard.window=2s",
                "--cdn.health.regions.us-west.nodes[0].id=us-west-1",
                "--cdn.health.regions.us-west.nodes[0].url=" + node,
                "--cdn.health.regions.us-west.nodes[0].management=" + node,
                "--cdn.health.regions.eu-west.nodes[0].id=eu-west-1",
                "--cdn.health.regions.eu-west.nodes[0].url=http://127.0.0.1:" + closed,
                "--cdn.health.regions.eu-west.nodes[0].management=http://127.0.0.1:" + closed);
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) health).getWebServer().getPort();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        if (health != null) {
            health.close();
        }
        usWest1.stop(0);
    }

    private static HttpResponse<String> send(String method, String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).join();
    }

    private static JsonNode region(JsonNode view, String name) {
        for (JsonNode region : view.path("regions")) {
            if (region.path("name").asString().equals(name)) {
                return region;
            }
        }
        throw new AssertionError("no region " + name + " in " + view);
    }

    @Test
    void theSnapshot_showsEachRegionsVerdict_andTheRatesOfItsScrapedNodes() {
        await("two scrapes of us-west-1 and eu-west judged").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode view = JSON.readTree(send("GET", "/v1/dashboard").body());
            assertThat(region(view, "us-west").path("traffic").path("requestsPerSecond").asDouble()).isPositive();
            assertThat(region(view, "eu-west").path("state").asString()).isEqualTo("DOWN");
        });
        HttpResponse<String> response = send("GET", "/v1/dashboard");
        JsonNode view = JSON.readTree(response.body());
        JsonNode usWest = region(view, "us-west");

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(usWest.path("up").asBoolean()).isTrue();
        assertThat(usWest.path("scraped").asInt()).isEqualTo(1);
        assertThat(usWest.path("traffic").path("hitRatio").asDouble()).isEqualTo(0.9);
        assertThat(usWest.path("traffic").path("p50Seconds").asDouble()).isBetween(0.0, 0.001);
        assertThat(usWest.path("traffic").path("toClientsBytesPerSecond").asDouble())
                .as("1000 bytes per request, as many requests as bytes / 1000")
                .isEqualTo(usWest.path("traffic").path("requestsPerSecond").asDouble() * 1000, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(region(view, "eu-west").path("traffic").path("requestsPerSecond").isNull()).isTrue();
        assertThat(view.path("failovers").toString()).as("eu-west-1 found down by its first probe")
                .contains("\"name\":\"eu-west-1\"").contains("1 probes failed");
        assertThat(view.path("purgeLog").asBoolean()).isFalse();
    }

    @Test
    void thePage_isServedAtTheRoot_withItsOwnFilesOnly() {
        HttpResponse<String> page = send("GET", "/");
        HttpResponse<String> script = send("GET", "/dashboard.js");
        HttpResponse<String> css = send("GET", "/dashboard.css");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'"));
        assertThat(page.body()).contains("<html lang=\"en\">", "<table id=\"regions\"", "aria-live=\"polite\"")
                .doesNotContain("http://", "https://", "<script>");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(script.body()).contains("new EventSource(\"/v1/dashboard/stream\")").doesNotContain("innerHTML");
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void theStream_sendsASnapshotAtOnce_asADashboardEvent() throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/dashboard/stream"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(stream.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            StringBuilder event = new StringBuilder();
            for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
                event.append(line).append('\n');
            }

            assertThat(event.toString()).contains("event:dashboard\n", "retry:1000\n").containsPattern("(?m)^id:\\d+$")
                    .containsPattern("(?m)^data:\\{\"at\":");
        }
    }

    @Test
    void otherPathsAndMethods_areRefusedWithAStatus() {
        assertThat(send("GET", "/v1/dashboard/nothing").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/v1/dashboard").statusCode()).isEqualTo(405);
        assertThat(send("DELETE", "/").statusCode()).isEqualTo(405);
        assertThat(send("GET", "/index.html").statusCode()).as("only the documented files").isEqualTo(404);
    }
}
