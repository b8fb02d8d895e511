package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Range requests (RFC 9110 section 14) are answered by the node from the cached representation. */
class RangeRequestTest {

    static final String PATH = "/objects/rg-object?size=10000&cc=max-age%3D600&etag=rg-v1";
    static NodeFixture node;
    static byte[] full;

    @BeforeAll
    static void start() {
        node = NodeFixture.start();
        full = node.get(PATH).body();
        assertThat(full).hasSize(10000);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static byte[] slice(int first, int lastInclusive) {
        return Arrays.copyOfRange(full, first, lastInclusive + 1);
    }

    @Test
    void aSingleRangeIsAnsweredWith206AndExactlyThoseBytes() {
        HttpResponse<byte[]> response = node.get(PATH, "Range", "bytes=100-199");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 100-199/10000");
        assertThat(response.headers().firstValue("Content-Length")).hasValue("100");
        assertThat(response.body()).isEqualTo(slice(100, 199));
        assertThat(cacheStatus(response)).startsWith("test-node; hit");
        assertThat(node.origin.requestCount("/objects/rg-object")).isEqualTo(1);
    }

    @Test
    void severalRangesAreAnsweredAsMultipartByteranges() {
        HttpResponse<byte[]> response = node.get(PATH, "Range", "bytes=0-9, 5000-5019, -5");

        assertThat(response.statusCode()).isEqualTo(206);
        String contentType = response.headers().firstValue("Content-Type").orElseThrow();
        assertThat(contentType).startsWith("multipart/byteranges; boundary=");
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(response.body().length));
        List<Part> parts = Part.parse(response.body(), contentType.substring(contentType.indexOf("boundary=") + 9));
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).contentRange()).isEqualTo("bytes 0-9/10000");
        assertThat(parts.get(0).body()).isEqualTo(slice(0, 9));
        assertThat(parts.get(1).contentRange()).isEqualTo("bytes 5000-5019/10000");
        assertThat(parts.get(1).body()).isEqualTo(slice(5000, 5019));
        assertThat(parts.get(2).contentRange()).isEqualTo("bytes 9995-9999/10000");
        assertThat(parts.get(2).body()).isEqualTo(slice(9995, 9999));
        assertThat(parts).allSatisfy(p -> assertThat(p.contentType()).isEqualTo("application/octet-stream"));
    }

    @Test
    void aSuffixRangeSelectsTheLastBytes() {
        HttpResponse<byte[]> response = node.get(PATH, "Range", "bytes=-300");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 9700-9999/10000");
        assertThat(response.body()).isEqualTo(slice(9700, 9999));
    }

    @Test
    void anOpenEndedRangeRunsToTheEnd() {
        HttpResponse<byte[]> response = node.get(PATH, "Range", "bytes=9990-");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 9990-9999/10000");
        assertThat(response.body()).isEqualTo(slice(9990, 9999));
    }

    @Test
    void aMatchingIfRangeGetsTheRange() {
        HttpResponse<byte[]> response = node.get(PATH, "Range", "bytes=0-49", "If-Range", "\"rg-v1\"");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(slice(0, 49));
    }

    @Test
    void anIfRangeThatDoesNotMatchGetsTheWholeRepresentation() {
        HttpResponse<byte[]> response = node.get(PATH, "Range", "bytes=0-49", "If-Range", "\"rg-v0\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Range")).isEmpty();
        assertThat(response.body()).isEqualTo(full);
    }

    @Test
    void anUnsatisfiableRangeIs416WithTheCompleteLength() {
        HttpResponse<byte[]> response = node.get(PATH, "Range", "bytes=20000-30000");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */10000");
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest(name = "Range: {0}")
    @ValueSource(strings = {"bytes=abc", "bytes=5-2", "items=0-10", "bytes 0-10", "bytes=0-10;x"})
    void aMalformedRangeIsIgnoredAndTheWholeBodySent(String range) {
        HttpResponse<byte[]> response = node.get(PATH, "Range", range);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(full);
    }

    @Test
    void aRangeOnAMissIsAnsweredFromTheFillWithoutForwardingTheRange() {
        String path = "/objects/rg-miss?size=5000&cc=max-age%3D60";
        HttpResponse<byte[]> response = node.get(path, "Range", "bytes=10-19");
        HttpResponse<byte[]> whole = node.get(path);

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 10, 20));
        assertThat(cacheStatus(whole)).startsWith("test-node; hit");
        assertThat(Requests.originRequests(node, "/objects/rg-miss")).hasSize(1)
                .allSatisfy(r -> assertThat(r.header("Range")).isNull());
    }

    @Test
    void aRangeOfALargeUncachedObjectIsAnsweredBeforeTheWholeObjectHasArrived() {
        // 32 MiB sent in 11 pieces 200 ms apart: the fill takes about 2 s
        String path = "/objects/rg-large?size=32m&cc=max-age%3D60&trickle=200&chunks=11";
        CompletableFuture<Timed> range = Requests.getAsync(node, path, "Range", "bytes=0-99").thenApply(Timed::now);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(node.origin.requestCount("/objects/rg-large"))
                .as("the range request's fill reached the origin").isEqualTo(1));
        CompletableFuture<Timed> whole = Requests.getAsync(node, path).thenApply(Timed::now);

        Timed rangeDone = range.join();
        Timed wholeDone = whole.join();

        assertThat(rangeDone.response().statusCode()).isEqualTo(206);
        assertThat(rangeDone.response().headers().firstValue("Content-Range")).hasValue("bytes 0-99/33554432");
        assertThat(wholeDone.response().body()).hasSize(32 << 20);
        assertThat(rangeDone.response().body()).isEqualTo(Arrays.copyOf(wholeDone.response().body(), 100));
        assertThat(rangeDone.nanos()).as("the range completed while the origin was still sending")
                .isLessThan(wholeDone.nanos());
        assertThat(node.origin.requestCount("/objects/rg-large")).as("one fill served both").isEqualTo(1);
    }

    record Timed(HttpResponse<byte[]> response, long nanos) {
        static Timed now(HttpResponse<byte[]> response) {
            return new Timed(response, System.nanoTime());
        }
    }

    /** One part of a multipart/byteranges body. */
    record Part(String contentType, String contentRange, byte[] body) {

        static List<Part> parse(byte[] body, String boundary) {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            String delimiter = "--" + boundary;
            List<Part> parts = new ArrayList<>();
            assertThat(text).startsWith(delimiter + "\r\n").endsWith("\r\n" + delimiter + "--\r\n");
            int at = 0;
            while (true) {
                at += delimiter.length();
                if (text.startsWith("--", at)) {
                    return parts;
                }
                int headersEnd = text.indexOf("\r\n\r\n", at);
                String contentType = null;
                String contentRange = null;
                for (String line : text.substring(at + 2, headersEnd).split("\r\n")) {
                    if (line.startsWith("Content-Type: ")) {
                        contentType = line.substring(14);
                    } else if (line.startsWith("Content-Range: ")) {
                        contentRange = line.substring(15);
                    }
                }
                int next = text.indexOf("\r\n" + delimiter, headersEnd + 4);
                parts.add(new Part(contentType, contentRange,
                        text.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1)));
                at = next + 2;
            }
        }
    }
}
