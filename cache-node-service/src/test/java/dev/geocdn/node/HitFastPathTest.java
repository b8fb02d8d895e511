package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hit fast path answers exactly as the full path would, keeps responses in request order on
 * a connection, and leaves everything that is not a plain fresh hit to the full path.
 */
class HitFastPathTest {

    static NodeFixture fast;
    static NodeFixture full;

    @BeforeAll
    static void start() {
        fast = NodeFixture.start();
        full = NodeFixture.start(fast.origin, false, "cdn.edge.fast-path=false");
    }

    @AfterAll
    static void stop() {
        full.close();
        fast.close();
    }

    private static Map<String, String> headersWithoutDate(HttpResponse<?> response) {
        Map<String, String> map = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("date") && !name.equalsIgnoreCase("age") && !name.equals(":status")) {
                map.put(name.toLowerCase(), String.join(",", values).replaceAll("ttl=\\d+", "ttl=N"));
            }
        });
        return map;
    }

    @Test
    void aHitFromTheFastPath_hasTheSameStatusHeadersAndBodyAsFromTheFullPath() {
        String path = "/objects/fp-same?size=3000&cc=max-age%3D600&etag=abc&vary=Accept-Encoding";
        fast.get(path, "Accept-Encoding", "gzip");
        full.get(path, "Accept-Encoding", "gzip");

        HttpResponse<byte[]> viaFast = fast.get(path, "Accept-Encoding", "gzip");
        HttpResponse<byte[]> viaFull = full.get(path, "Accept-Encoding", "gzip");

        assertThat(NodeFixture.cacheStatus(viaFast)).startsWith("test-node; hit; ttl=");
        assertThat(viaFast.statusCode()).isEqualTo(viaFull.statusCode()).isEqualTo(200);
        assertThat(viaFast.body()).isEqualTo(viaFull.body());
        assertThat(headersWithoutDate(viaFast)).isEqualTo(headersWithoutDate(viaFull));
        assertThat(viaFast.headers().firstValue("Age")).isPresent();
    }

    @Test
    void anotherVaryValue_isNotServedTheStoredVariant() {
        String path = "/objects/fp-vary?size=100&cc=max-age%3D600&vary=Accept-Encoding";
        fast.get(path, "Accept-Encoding", "gzip");
        HttpResponse<byte[]> other = fast.get(path, "Accept-Encoding", "br");

        assertThat(NodeFixture.cacheStatus(other)).contains("fwd=vary-miss");
    }

    @Test
    void mixedRequestsOnOneConnection_areAnsweredInOrder() throws Exception {
        String hit = "/objects/fp-order?size=10&cc=max-age%3D600";
        fast.get(hit);
        String request = get(hit) + get("/objects/fp-order-miss?size=20&cc=max-age%3D600&delay=300") + get(hit)
                + "HEAD " + hit + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n" + get(hit);
        String answer = exchange(request, 5 * 2).toLowerCase();

        // five responses, in request order: hit, (slow) miss, hit, HEAD hit, hit
        assertThat(answer.split("http/1.1 200 ok", -1)).hasSize(6);
        int first = answer.indexOf("content-length: 10");
        int miss = answer.indexOf("content-length: 20");
        int afterMiss = answer.indexOf("content-length: 10", miss);
        assertThat(first).isNotNegative().isLessThan(miss);
        assertThat(afterMiss).isGreaterThan(miss);
        assertThat(answer).contains("fwd=uri-miss");
    }

    @Test
    void http10WithoutKeepAlive_getsTheHitAndTheConnectionIsClosed() throws Exception {
        String hit = "/objects/fp-close?size=10&cc=max-age%3D600";
        fast.get(hit);
        String answer = fast.raw("GET " + hit + " HTTP/1.0\r\nHost: " + host() + "\r\n\r\n", Duration.ofSeconds(3));

        assertThat(answer).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("connection: close");
        assertThat(answer).contains("; hit; ttl=");
    }

    /** The Host the other requests of these tests carry, so that all share one cache key. */
    private static String host() {
        return "127.0.0.1:" + fast.port();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n";
    }

    // sends pipelined requests and reads until the connection is idle
    private static String exchange(String requests, int seconds) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fast.port())) {
            socket.setSoTimeout(1500);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder sb = new StringBuilder();
            byte[] buffer = new byte[8192];
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    sb.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (sb.toString().split("HTTP/1.1 200 OK", -1).length == 6 && sb.toString().endsWith(
                            "0123456789".substring(0, 0)) && countBodies(sb.toString())) {
                        break;
                    }
                } catch (java.net.SocketTimeoutException idle) {
                    break;
                }
            }
            return sb.toString();
        }
    }

    private static boolean countBodies(String s) {
        return s.lastIndexOf("\r\n\r\n") > s.lastIndexOf("HTTP/1.1 200 OK");
    }

    @Test
    void aMissAndAFastPathHit_spellTheNodesOwnFieldsAlike() throws IOException {
        String request = "GET /objects/fp-spelling?size=10&cc=max-age%3D600 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        try (RawConnection connection = new RawConnection(fast.port(), Duration.ofSeconds(5))) {
            RawConnection.Response miss = connection.send(request).readUntilFinal(false).getLast();
            RawConnection.Response hit = connection.send(request).readUntilFinal(false).getLast();

            assertThat(hit.field("Cache-Status")).contains("hit");
            List<String> own = List.of("Age", "Content-Length", "Accept-Ranges", "Cache-Status");
            assertThat(miss.names()).containsAll(own);
            assertThat(hit.names()).containsAll(own);
            assertThat(hit.names()).containsExactlyInAnyOrderElementsOf(miss.names());
        }
    }
}
