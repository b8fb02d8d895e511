package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the node cannot serve get a 4xx with a short text, never a 500 and never a stack
 * trace, and do not reach the origin.
 */
class BadInputTest {

    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start("cdn.edge.max-header-size=4KB", "cdn.edge.max-initial-line-length=2KB");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String host() {
        return "127.0.0.1:" + node.port();
    }

    private static String raw(String request) throws IOException {
        return node.raw(request, Duration.ofSeconds(5));
    }

    private static int status(String rawResponse) {
        assertThat(rawResponse).startsWith("HTTP/1.1 ");
        return Integer.parseInt(rawResponse.substring(9, 12));
    }

    private static void assertNoStackTrace(String rawResponse) {
        assertThat(Requests.looksLikeStackTrace(rawResponse)).as("no stack trace in: %s", rawResponse).isFalse();
    }

    @Test
    void aHeaderSectionBiggerThanTheLimitIs431() throws IOException {
        String response = raw("GET /objects/bi-big-header HTTP/1.1\r\nHost: " + host() + "\r\nX-Big: "
                + "a".repeat(6000) + "\r\n\r\n");

        assertThat(status(response)).isEqualTo(431);
        assertNoStackTrace(response);
        assertThat(node.origin.requestCount("/objects/bi-big-header")).isZero();
    }

    @Test
    void aHeaderSectionWithinTheLimitIsServed() {
        HttpResponse<byte[]> response = node.get("/objects/bi-header-ok?size=10", "X-Big", "a".repeat(3000));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestLineLongerThanTheLimitIs414() throws IOException {
        String response = raw("GET /objects/bi-long-" + "a".repeat(3000) + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");

        assertThat(status(response)).isEqualTo(414);
        assertNoStackTrace(response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GARBAGE", "GET", "GET /objects/bi-garbage", "GET /objects/bi-garbage HTTP/9.9 extra"})
    void aMalformedRequestLineIs400(String requestLine) throws IOException {
        String response = raw(requestLine + "\r\n\r\n");

        assertThat(status(response)).isEqualTo(400);
        assertNoStackTrace(response);
        assertThat(node.origin.requestCount("/objects/bi-garbage")).isZero();
    }

    @Test
    void anHttp11RequestWithoutHostIs400() throws IOException {
        String response = raw("GET /objects/bi-no-host HTTP/1.1\r\nAccept: */*\r\n\r\n");

        assertThat(status(response)).isEqualTo(400);
        assertThat(response).contains("Host");
        assertNoStackTrace(response);
        assertThat(node.origin.requestCount("/objects/bi-no-host")).isZero();
    }

    @Test
    void twoHostHeadersAre400() throws IOException {
        String response = raw("GET /objects/bi-two-hosts HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n");

        assertThat(status(response)).isEqualTo(400);
        assertNoStackTrace(response);
        assertThat(node.origin.requestCount("/objects/bi-two-hosts")).isZero();
    }

    @ParameterizedTest(name = "Host: {0}")
    @ValueSource(strings = {"a/b", "user@example.com", "exa mple"})
    void anInvalidHostIs400(String host) throws IOException {
        String response = raw("GET /objects/bi-bad-host HTTP/1.1\r\nHost: " + host + "\r\n\r\n");

        assertThat(status(response)).isEqualTo(400);
        assertNoStackTrace(response);
        assertThat(node.origin.requestCount("/objects/bi-bad-host")).isZero();
    }

    @ParameterizedTest(name = "target {0}")
    @ValueSource(strings = {"*", "objects/bi-relative", "ftp://example/objects/x"})
    void aTargetThatIsNotOriginFormIs400(String target) throws IOException {
        String response = raw("GET " + target + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");

        assertThat(status(response)).isEqualTo(400);
        assertNoStackTrace(response);
    }

    @Test
    void anAbsoluteFormTargetIsServedByItsPath() throws IOException {
        String response = raw("GET http://" + host() + "/objects/bi-absolute?size=5 HTTP/1.1\r\nHost: " + host()
                + "\r\n\r\n");

        assertThat(status(response)).isEqualTo(200);
        assertThat(node.origin.requestCount("/objects/bi-absolute")).isEqualTo(1);
    }

    @Test
    void anInvalidHeaderNameIs400() throws IOException {
        String response = raw("GET /objects/bi-bad-name HTTP/1.1\r\nHost: " + host() + "\r\nBad Name: x\r\n\r\n");

        assertThat(status(response)).isEqualTo(400);
        assertNoStackTrace(response);
        assertThat(node.origin.requestCount("/objects/bi-bad-name")).isZero();
    }

    @Test
    void aMalformedRangeIsIgnored() {
        HttpResponse<byte[]> response = node.get("/objects/bi-range?size=100&cc=max-age%3D60", "Range", "bytes=oops");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(100);
    }

    @Test
    void theNodeKeepsServingAfterBadInput() throws IOException {
        raw("GARBAGE\r\n\r\n");
        raw("GET /objects/bi-x HTTP/1.1\r\n\r\n");

        HttpResponse<byte[]> response = node.get("/objects/bi-after?size=10");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(10);
    }
}
