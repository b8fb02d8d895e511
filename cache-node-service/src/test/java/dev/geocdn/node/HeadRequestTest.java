package dev.geocdn.node;

import dev.geocdn.origin.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** HEAD is answered like GET without a body, and a HEAD miss fills the cache for later GETs. */
class HeadRequestTest {

    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aHeadForACachedObjectReturnsItsHeadersAndContentLengthButNoBody() throws IOException {
        String path = "/objects/head-cached?size=4321&cc=max-age%3D60&etag=h1";
        node.get(path);

        HttpResponse<byte[]> head = node.send("HEAD", path);
        // the raw bytes show that nothing follows the header section
        String raw = node.raw("HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port()
                + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(5));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("4321");
        assertThat(head.headers().firstValue("ETag")).hasValue("\"h1\"");
        assertThat(head.headers().firstValue("Age")).isPresent();
        assertThat(head.body()).isEmpty();
        assertThat(cacheStatus(head)).startsWith("test-node; hit");
        assertThat(raw).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
        assertThat(raw.toLowerCase()).contains("content-length: 4321");
        assertThat(node.origin.requestCount("/objects/head-cached")).isEqualTo(1);
    }

    @Test
    void aHeadMissFillsTheCache_soAFollowingGetIsAHit() {
        String path = "/objects/head-miss?size=1500&cc=max-age%3D60";
        HttpResponse<byte[]> head = node.send("HEAD", path);
        HttpResponse<byte[]> get = node.get(path);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue("1500");
        assertThat(cacheStatus(head)).startsWith("test-node; fwd=uri-miss; fwd-status=200").contains("stored");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).hasSize(1500);
        // a hit, or, if the GET overtook the end of the HEAD's fill, a follower of that fill
        assertThat(cacheStatus(get)).satisfiesAnyOf(
                s -> assertThat(s).startsWith("test-node; hit"),
                s -> assertThat(s).contains("collapsed"));
        assertThat(Requests.originRequests(node, "/objects/head-miss")).extracting(RecordedRequest::method)
                .containsExactly("GET");
    }

    @Test
    void aHeadForAnUncacheableObjectHasNoBodyEither() {
        String path = "/objects/head-no-store?size=800&cc=no-store";
        HttpResponse<byte[]> head = node.send("HEAD", path);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue("800");
        assertThat(cacheStatus(head)).contains("detail=no-store");
    }

    @Test
    void aRangedHeadHasTheRangeHeadersAndNoBody() {
        String path = "/objects/head-range?size=1000&cc=max-age%3D60";
        node.get(path);
        HttpResponse<byte[]> head = node.send("HEAD", path, "Range", "bytes=0-9");

        // RFC 9110 section 14.2: Range is only defined for GET, so HEAD gets the 200 header section
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("1000");
        assertThat(head.body()).isEmpty();
    }
}
