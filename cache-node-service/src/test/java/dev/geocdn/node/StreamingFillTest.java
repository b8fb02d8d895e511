package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A large object streams to its clients while the node is still filling it from the origin,
 * and a client that arrives mid-fill follows the same fill instead of starting another.
 */
class StreamingFillTest {

    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** A body read through an InputStream, with when its first byte and its end arrived. */
    record Streamed(HttpResponse<InputStream> response, byte[] body, long firstByteNanos, long endNanos) {
    }

    private static Streamed stream(String path, long startNanos) {
        try {
            HttpResponse<InputStream> response = node.client.send(Requests.request(node, "GET", path),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                int first = in.read();
                long firstByte = System.nanoTime() - startNanos;
                byte[] rest = in.readAllBytes();
                long end = System.nanoTime() - startNanos;
                byte[] body = new byte[rest.length + 1];
                body[0] = (byte) first;
                System.arraycopy(rest, 0, body, 1, rest.length);
                return new Streamed(response, body, firstByte, end);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theFirstBytesOfALargeObjectArriveLongBeforeTheFillCompletes() {
        // 16 MiB in 11 pieces 200 ms apart: the fill takes at least 2 s
        String path = "/objects/st-ttfb?size=16m&cc=max-age%3D60&trickle=200&chunks=11";
        Streamed streamed = stream(path, System.nanoTime());

        assertThat(streamed.response().statusCode()).isEqualTo(200);
        assertThat(streamed.body()).hasSize(16 << 20);
        assertThat(streamed.endNanos()).as("the origin's pacing").isGreaterThan(1_800_000_000L);
        assertThat(streamed.firstByteNanos()).as("time to first byte")
                .isLessThan(streamed.endNanos() - 1_000_000_000L);
        assertThat(cacheStatus(node.get(path))).startsWith("test-node; hit");
    }

    @Test
    void anObjectTheOriginSendsChunkedIsStoredAndThenServedWithItsLength() {
        String path = "/objects/st-chunked?size=200000&cc=max-age%3D60&chunked=true";
        HttpResponse<byte[]> miss = node.get(path);
        HttpResponse<byte[]> hit = node.get(path);
        HttpResponse<byte[]> range = node.get(path, "Range", "bytes=199990-");

        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(miss.body()).hasSize(200000);
        assertThat(cacheStatus(hit)).startsWith("test-node; hit");
        assertThat(hit.headers().firstValue("Content-Length")).hasValue("200000");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(miss.body(), 199990, 200000));
        assertThat(node.origin.requestCount("/objects/st-chunked")).isEqualTo(1);
    }

    @Test
    void aSecondClientArrivingMidFillFollowsTheSameFillAndGetsIdenticalBytes() {
        String path = "/objects/st-mid-fill?size=16m&cc=max-age%3D60&trickle=200&chunks=11";
        long start = System.nanoTime();
        CompletableFuture<Streamed> first = CompletableFuture.supplyAsync(() -> stream(path, start));
        // wait until the origin has answered the first fill and is sending its body
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                node.origin.requestCount("/objects/st-mid-fill")).as("origin requests for the first fill").isEqualTo(1));
        Requests.pause(500); // the second client arrives well into the first fill's body, not at its start
        Streamed second = stream(path, System.nanoTime());
        Streamed leader = first.join();

        assertThat(second.response().statusCode()).isEqualTo(200);
        assertThat(second.body()).hasSize(16 << 20).isEqualTo(leader.body());
        assertThat(NodeFixture.cacheStatus(second.response())).contains("collapsed");
        assertThat(node.origin.requestCount("/objects/st-mid-fill")).isEqualTo(1);
    }
}
