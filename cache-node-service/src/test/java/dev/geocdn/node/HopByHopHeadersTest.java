package dev.geocdn.node;

import dev.geocdn.origin.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static dev.geocdn.node.Requests.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hop-by-hop fields (RFC 9110 section 7.6.1) stay on their connection in both directions, and
 * the node adds Via (section 7.6.3), Forwarded (RFC 7239) and X-Forwarded-For on the way in.
 */
class HopByHopHeadersTest {

    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RecordedRequest lastOriginRequest(String path) {
        List<RecordedRequest> seen = Requests.originRequests(node, path);
        assertThat(seen).isNotEmpty();
        return seen.get(seen.size() - 1);
    }

    private static String rawGet(String pathAndQuery, String extraHeaders) throws IOException {
        return node.raw("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n"
                + extraHeaders + "\r\n", Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/echo/hop-fill", "/objects/hop-fill-object?size=10&cc=max-age%3D60"})
    void clientHopByHopFieldsAreNotForwardedOnAFill(String pathAndQuery) throws IOException {
        String response = rawGet(pathAndQuery, "Connection: keep-alive, X-Custom\r\nX-Custom: 1\r\n"
                + "Keep-Alive: timeout=5\r\nTE: trailers\r\nX-End-To-End: kept\r\n");

        assertThat(response).startsWith("HTTP/1.1 200");
        RecordedRequest seen = lastOriginRequest(pathAndQuery.replaceFirst("\\?.*", ""));
        assertThat(seen.headers()).doesNotContainKeys("x-custom", "keep-alive", "te");
        assertThat(String.valueOf(seen.header("Connection")).toLowerCase(Locale.ROOT)).doesNotContain("x-custom");
        assertThat(seen.header("X-End-To-End")).isEqualTo("kept");
    }

    @Test
    void clientHopByHopFieldsAreNotForwardedOnAPassThrough() throws IOException {
        String response = node.raw("POST /echo/hop-post HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n"
                + "Connection: keep-alive, X-Custom\r\nX-Custom: 1\r\nKeep-Alive: timeout=5\r\n"
                + "Content-Length: 4\r\n\r\nbody", Duration.ofSeconds(5));

        assertThat(response).startsWith("HTTP/1.1 200").contains("\"bodyLength\":4");
        RecordedRequest seen = lastOriginRequest("/echo/hop-post");
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.headers()).doesNotContainKeys("x-custom", "keep-alive");
        assertThat(seen.header("Via")).isEqualTo("1.1 test-node");
    }

    @Test
    void theNodeAddsViaForwardedAndXForwardedFor() {
        HttpResponse<byte[]> response = node.get("/echo/hop-forwarded",
                "X-Forwarded-For", "203.0.113.7", "Via", "1.1 downstream-proxy");

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest seen = lastOriginRequest("/echo/hop-forwarded");
        assertThat(seen.header("Via")).isEqualTo("1.1 downstream-proxy, 1.1 test-node");
        assertThat(seen.header("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
        assertThat(seen.header("Forwarded")).isEqualTo("for=127.0.0.1;host=\"127.0.0.1:" + node.port() + "\";proto=http");
        assertThat(seen.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + node.port());
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + node.origin.port());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"max-age=60", "no-store"})
    void originHopByHopFieldsAreNotRelayedToTheClient(String cacheControl) {
        String name = "/objects/hop-response-" + cacheControl.replaceAll("[^a-z0-9]", "");
        String path = name + "?size=10&cc=" + enc(cacheControl)
                + "&header=" + enc("Keep-Alive:timeout=5")
                + "&header=" + enc("Connection:X-Origin-Private")
                + "&header=" + enc("X-Origin-Private:secret")
                + "&header=" + enc("X-Origin-Public:visible");
        HttpResponse<byte[]> first = node.get(path);
        HttpResponse<byte[]> second = node.get(path);

        for (HttpResponse<byte[]> response : List.of(first, second)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().map()).doesNotContainKeys("keep-alive", "x-origin-private");
            assertThat(response.headers().allValues("Connection"))
                    .noneMatch(v -> v.toLowerCase(Locale.ROOT).contains("x-origin-private"));
            assertThat(response.headers().firstValue("X-Origin-Public")).hasValue("visible");
        }
    }
}
