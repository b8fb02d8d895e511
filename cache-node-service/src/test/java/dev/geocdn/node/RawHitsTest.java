package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain hits answered from the request's bytes, before the codec: the same responses as the
 * full path sends, in request order among requests the codec answers, for heads however they
 * arrive; and the connection's bounds (head timeout, keep-alive timeout) still hold.
 */
class RawHitsTest {

    static NodeFixture fast;
    static NodeFixture full;

    @BeforeAll
    static void start() {
        fast = NodeFixture.start("cdn.edge.keep-alive-timeout=1500ms", "cdn.edge.request-head-timeout=1s");
        full = NodeFixture.start(fast.origin, false, "cdn.edge.fast-path=false");
    }

    @AfterAll
    static void stop() {
        full.close();
        fast.close();
    }

    private static String host() {
        return "127.0.0.1:" + fast.port();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host() + "\r\nUser-Agent: raw\r\n\r\n";
    }

    private static Map<String, String> comparable(HttpResponse<?> response) {
        Map<String, String> map = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("age") && !name.equals(":status")) {
                map.put(name.toLowerCase(), String.join(",", values).replaceAll("ttl=\\d+", "ttl=N"));
            }
        });
        return map;
    }

    @Test
    void aPlainHitIsTheResponseTheFullPathSends() {
        String path = "/objects/raw-same?size=3000&cc=max-age%3D600&etag=e1&sk=tag-a&header=X-Custom:yes"
                + "&header=Age:7";
        fast.get(path);
        full.get(path);
        for (String method : List.of("GET", "HEAD")) {
            HttpResponse<byte[]> viaFast = fast.send(method, path);
            HttpResponse<byte[]> viaFull = full.send(method, path);
            assertThat(NodeFixture.cacheStatus(viaFast)).as(method).startsWith("test-node; hit; ttl=");
            assertThat(viaFast.statusCode()).as(method).isEqualTo(viaFull.statusCode()).isEqualTo(200);
            assertThat(viaFast.body()).as(method).isEqualTo(viaFull.body());
            assertThat(comparable(viaFast)).as(method).isEqualTo(comparable(viaFull));
            assertThat(viaFast.headers().firstValue("Surrogate-Key")).as("purge tags stay in the CDN").isEmpty();
        }
    }

    @Test
    void requestsTheCodecAnswersKeepTheirPlaceInTheOrder() throws IOException {
        String hit = "/objects/raw-order?size=10&cc=max-age%3D600&etag=v1";
        fast.get(hit);
        String post = "POST /echo/raw HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: 5\r\n\r\nhello";
        String conditional = "GET " + hit + " HTTP/1.1\r\nHost: " + host() + "\r\nIf-None-Match: \"v1\"\r\n\r\n";
        String slowMiss = get("/objects/raw-order-miss?size=20&cc=max-age%3D600&delay=300");
        try (RawConnection connection = new RawConnection(fast.port(), Duration.ofSeconds(10))) {
            connection.send(get(hit) + post + conditional + slowMiss + get(hit) + "HEAD " + hit + " HTTP/1.1\r\nHost: "
                    + host() + "\r\n\r\n" + get(hit));
            List<Integer> statuses = new java.util.ArrayList<>();
            List<Integer> lengths = new java.util.ArrayList<>();
            boolean[] heads = {false, false, false, false, false, true, false};
            for (boolean head : heads) {
                RawConnection.Response response = connection.readUntilFinal(head).getLast();
                statuses.add(response.status());
                lengths.add(response.body().length);
            }
            assertThat(statuses).containsExactly(200, 200, 304, 200, 200, 200, 200);
            assertThat(lengths.get(0)).isEqualTo(10);
            assertThat(lengths.get(3)).as("the slow miss, in its place").isEqualTo(20);
            assertThat(lengths.get(4)).isEqualTo(10);
            assertThat(lengths.get(6)).isEqualTo(10);
        }
    }

    @Test
    void aHeadArrivingInPiecesIsAnswered() throws IOException {
        String hit = "/objects/raw-pieces?size=100&cc=max-age%3D600";
        fast.get(hit);
        String request = get(hit);
        try (RawConnection connection = new RawConnection(fast.port(), Duration.ofSeconds(10))) {
            for (int i = 0; i < request.length(); i += 7) {
                connection.send(request.substring(i, Math.min(request.length(), i + 7)));
            }
            RawConnection.Response first = connection.readUntilFinal(false).getLast();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.field("Cache-Status")).contains("; hit; ttl=");
            assertThat(first.body()).hasSize(100);
            connection.send(request);
            assertThat(connection.readUntilFinal(false).getLast().body()).hasSize(100);
        }
    }

    @Test
    void aChunkedUploadLeavesTheConnectionToTheCodecAndHitsStillCome() throws IOException {
        String hit = "/objects/raw-chunked?size=30&cc=max-age%3D600";
        fast.get(hit);
        String upload = "POST /echo/up HTTP/1.1\r\nHost: " + host() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\n\r\n";
        try (RawConnection connection = new RawConnection(fast.port(), Duration.ofSeconds(10))) {
            connection.send(get(hit) + upload + get(hit));
            assertThat(connection.readUntilFinal(false).getLast().body()).hasSize(30);
            RawConnection.Response echoed = connection.readUntilFinal(false).getLast();
            assertThat(echoed.status()).isEqualTo(200);
            assertThat(echoed.bodyText()).contains("POST");
            RawConnection.Response after = connection.readUntilFinal(false).getLast();
            assertThat(after.field("Cache-Status")).contains("; hit; ttl=");
            assertThat(after.body()).hasSize(30);
        }
    }

    @Test
    void theKeepAliveTimeoutStillClosesAConnectionIdleAfterHits() throws IOException {
        String hit = "/objects/raw-idle?size=10&cc=max-age%3D600";
        fast.get(hit);
        try (RawConnection connection = new RawConnection(fast.port(), Duration.ofSeconds(10))) {
            connection.send(get(hit));
            assertThat(connection.readUntilFinal(false).getLast().status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(connection.closedByPeer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void aHeadLeftUnfinishedAfterAHitIsTimedOut() throws IOException {
        String hit = "/objects/raw-slow-head?size=10&cc=max-age%3D600";
        fast.get(hit);
        try (RawConnection connection = new RawConnection(fast.port(), Duration.ofSeconds(10))) {
            connection.send(get(hit) + "GET " + hit + " HTTP/1.1\r\nHost: ");
            assertThat(connection.readUntilFinal(false).getLast().status()).isEqualTo(200);
            RawConnection.Response refused = connection.readUntilFinal(false).getLast();
            assertThat(refused.status()).isEqualTo(408);
        }
    }
}
