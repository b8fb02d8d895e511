package dev.geocdn.node;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static dev.geocdn.node.Requests.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving stale responses (RFC 5861, RFC 9111 section 4.2.4): stale-while-revalidate answers at
 * once and refreshes in the background; stale-if-error stands in for an origin that is down or
 * failing, unless the response forbids stale use.
 */
class StaleServingTest {

    /** Objects stored in {@link #start()} that are stale by the time the tests run, by name. */
    static final Map<String, String> STALE = new LinkedHashMap<>();
    static final Map<String, byte[]> BODIES = new LinkedHashMap<>();

    static NodeFixture node;

    @BeforeAll
    static void start() {
        // the breaker must not open here: this class is about stale copies, not fast failure
        node = NodeFixture.start("cdn.origin.breaker.minimum-calls=1000", "cdn.origin.breaker.sliding-window-size=1000");
        // Age 1 of a 2-second lifetime: stale within a second
        STALE.put("sie-down", "/objects/sw-sie-down?size=700&age=1&cc=" + enc("max-age=2, stale-if-error=600"));
        STALE.put("sie-5xx", "/objects/sw-sie-5xx?size=700&age=1&cc=" + enc("max-age=2, stale-if-error=600"));
        STALE.put("must-revalidate-down", "/objects/sw-mr-down?size=700&age=1&cc="
                + enc("max-age=2, must-revalidate, stale-if-error=600"));
        STALE.put("must-revalidate-5xx", "/objects/sw-mr-5xx?size=700&age=1&cc="
                + enc("max-age=2, must-revalidate, stale-if-error=600"));
        STALE.put("no-sie-down", "/objects/sw-no-sie-down?size=700&age=1&cc=max-age%3D2");
        STALE.put("request-sie-down", "/objects/sw-request-sie-down?size=700&age=1&cc=max-age%3D2");
        STALE.forEach((name, path) -> {
            HttpResponse<byte[]> response = node.get(path);
            assertThat(cacheStatus(response)).contains("stored");
            BODIES.put(name, response.body());
        });
        Requests.pause(1100); // Age 1 of a 2 s lifetime: every entry is stale once this second has passed
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Stops the origin and listens on its port with a server that answers every request with {@code status}. */
    private static HttpServer failingOrigin(int status) throws IOException {
        node.origin.stop();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", node.origin.port()), 0);
        server.createContext("/", exchange -> {
            byte[] body = "origin failure\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void staleWhileRevalidateServesTheStaleCopyAtOnce_andRefreshesItInTheBackground() {
        // /dynamic answers a new body on every request; the origin takes 600 ms to answer
        String path = "/dynamic/sw-swr?delay=600&cc=" + enc("max-age=2, stale-while-revalidate=600");
        HttpResponse<byte[]> first = node.get(path);
        assertThat(cacheStatus(first)).contains("stored");
        Requests.pause(1500); // Age >= 0.6 s of a 2 s lifetime: stale by now

        long start = System.nanoTime();
        HttpResponse<byte[]> stale = node.get(path);
        long staleMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first.body());
        assertThat(cacheStatus(stale)).startsWith("test-node; hit; ttl=-").contains("detail=stale-while-revalidate");
        assertThat(staleMillis).as("answered without waiting for the origin").isLessThan(500);

        HttpResponse<byte[]> refreshed = await().atMost(Duration.ofSeconds(5))
                .alias("the background refresh replaced the stale copy")
                .until(() -> node.get(path), r -> !java.util.Arrays.equals(r.body(), first.body()));
        assertThat(cacheStatus(refreshed)).startsWith("test-node; hit; ttl=").doesNotContain("ttl=-")
                .doesNotContain("stale-while-revalidate");
        assertThat(new String(refreshed.body())).startsWith("dynamic response #");
        assertThat(node.origin.requestCount("/dynamic/sw-swr")).isEqualTo(2);
    }

    @Test
    void staleIfErrorServesTheStaleCopyWhenTheOriginIsDown() {
        node.origin.stop();
        try {
            HttpResponse<byte[]> response = node.get(STALE.get("sie-down"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(BODIES.get("sie-down"));
            assertThat(cacheStatus(response)).startsWith("test-node; fwd=stale").contains("ttl=-")
                    .contains("detail=stale-if-error");
        } finally {
            node.origin.restart();
        }
    }

    @Test
    void staleIfErrorServesTheStaleCopyWhenTheOriginAnswers5xx() throws IOException {
        HttpServer failing = failingOrigin(503);
        try {
            HttpResponse<byte[]> response = node.get(STALE.get("sie-5xx"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(BODIES.get("sie-5xx"));
            assertThat(cacheStatus(response)).startsWith("test-node; fwd=stale; fwd-status=503")
                    .contains("detail=stale-if-error");
        } finally {
            failing.stop(0);
            node.origin.restart();
        }
    }

    @Test
    void mustRevalidateForbidsStaleIfError_soAnOriginThatIsDownGivesAGatewayError() {
        node.origin.stop();
        try {
            HttpResponse<byte[]> response = node.get(STALE.get("must-revalidate-down"));

            assertThat(response.statusCode()).isIn(502, 503, 504);
            assertThat(response.body()).isNotEqualTo(BODIES.get("must-revalidate-down"));
            assertThat(new String(response.body())).satisfies(b -> assertThat(Requests.looksLikeStackTrace(b)).isFalse());
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(cacheStatus(response)).startsWith("test-node; fwd=stale").contains("detail=origin-");
        } finally {
            node.origin.restart();
        }
    }

    @Test
    void mustRevalidateForbidsStaleIfError_soAn5xxFromTheOriginIsRelayed() throws IOException {
        HttpServer failing = failingOrigin(503);
        try {
            HttpResponse<byte[]> response = node.get(STALE.get("must-revalidate-5xx"));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(new String(response.body())).isEqualTo("origin failure\n");
            assertThat(cacheStatus(response)).startsWith("test-node; fwd=stale; fwd-status=503");
        } finally {
            failing.stop(0);
            node.origin.restart();
        }
    }

    @Test
    void withoutStaleIfErrorAnOriginThatIsDownGivesAGatewayError() {
        node.origin.stop();
        try {
            HttpResponse<byte[]> response = node.get(STALE.get("no-sie-down"));

            assertThat(response.statusCode()).isIn(502, 503, 504);
            assertThat(response.body()).isNotEqualTo(BODIES.get("no-sie-down"));
        } finally {
            node.origin.restart();
        }
    }

    @Test
    void aClientMayAcceptAStaleCopyOnErrorWithItsOwnStaleIfError() {
        node.origin.stop();
        try {
            HttpResponse<byte[]> response = node.get(STALE.get("request-sie-down"), "Cache-Control", "stale-if-error=600");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(BODIES.get("request-sie-down"));
            assertThat(cacheStatus(response)).contains("detail=stale-if-error");
        } finally {
            node.origin.restart();
        }
    }
}
