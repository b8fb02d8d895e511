package dev.geocdn.node;

import dev.geocdn.origin.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static dev.geocdn.node.Requests.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation (RFC 9111 section 4.3): the node revalidates stale entries with the origin using
 * the stored validators, and answers clients' own conditional requests from the cache.
 */
class RevalidationTest {

    /** A fixed past date, so that the origin's Last-Modified does not move between requests. */
    static final String LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT";

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
    void aStaleEntryWithAnETagIsRevalidatedWithIfNoneMatch_refreshedBy304_andThenHitAgain() {
        // Age 1 of a 2-second lifetime: stale within a second, fresh again for a second after a 304
        String path = "/objects/rv-etag?size=4000&cc=max-age%3D2&age=1&etag=rv-v1";
        HttpResponse<byte[]> first = node.get(path);
        long conditionalBefore = node.origin.conditionalRequestCount();
        Requests.pause(1100);

        HttpResponse<byte[]> revalidated = node.get(path);
        HttpResponse<byte[]> hitAgain = node.get(path);

        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(revalidated)).startsWith("test-node; fwd=stale; fwd-status=304");
        assertThat(revalidated.body()).isEqualTo(first.body()).hasSize(4000);
        assertThat(revalidated.headers().firstValue("ETag")).hasValue("\"rv-v1\"");
        assertThat(cacheStatus(hitAgain)).startsWith("test-node; hit");
        assertThat(hitAgain.body()).isEqualTo(first.body());

        List<RecordedRequest> seen = Requests.originRequests(node, "/objects/rv-etag");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).header("If-None-Match")).isNull();
        assertThat(seen.get(1).header("If-None-Match")).isEqualTo("\"rv-v1\"");
        assertThat(node.origin.conditionalRequestCount()).isEqualTo(conditionalBefore + 1);
    }

    @Test
    void aStaleEntryWithLastModifiedIsRevalidatedWithIfModifiedSince() {
        String path = "/objects/rv-lm?size=4000&cc=max-age%3D2&age=1&lm=" + enc(LAST_MODIFIED);
        HttpResponse<byte[]> first = node.get(path);
        Requests.pause(1100); // past the lifetime

        HttpResponse<byte[]> revalidated = node.get(path);
        HttpResponse<byte[]> hitAgain = node.get(path);

        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(revalidated)).startsWith("test-node; fwd=stale; fwd-status=304");
        assertThat(revalidated.body()).isEqualTo(first.body());
        assertThat(cacheStatus(hitAgain)).startsWith("test-node; hit");

        List<RecordedRequest> seen = Requests.originRequests(node, "/objects/rv-lm");
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).header("If-Modified-Since")).isEqualTo(LAST_MODIFIED);
        assertThat(seen.get(1).header("If-None-Match")).isNull();
    }

    @Test
    void aStaleEntryWhoseOriginChangedIsReplacedByTheNewRepresentation() {
        // the origin's Last-Modified is "now" on every request, so If-Modified-Since never matches
        String path = "/objects/rv-changed?size=4000&cc=max-age%3D2&age=1&lm=0";
        HttpResponse<byte[]> first = node.get(path);
        Requests.pause(1100); // past the lifetime

        HttpResponse<byte[]> refetched = node.get(path);

        assertThat(refetched.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(refetched)).startsWith("test-node; fwd=stale; fwd-status=200").contains("stored");
        assertThat(refetched.body()).isEqualTo(first.body());
        assertThat(refetched.headers().firstValue("Last-Modified"))
                .isNotEqualTo(first.headers().firstValue("Last-Modified"));
    }

    @Test
    void aClientIfNoneMatchThatMatchesTheCachedETagGets304FromTheCache() {
        String path = "/objects/rv-client-inm?size=1000&cc=max-age%3D60&etag=client-v1";
        node.get(path);

        HttpResponse<byte[]> notModified = node.get(path, "If-None-Match", "\"client-v1\"");
        HttpResponse<byte[]> weakListMatch = node.get(path, "If-None-Match", "\"other\", W/\"client-v1\"");
        HttpResponse<byte[]> otherTag = node.get(path, "If-None-Match", "\"client-v0\"");

        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue("\"client-v1\"");
        assertThat(cacheStatus(notModified)).startsWith("test-node; hit");
        assertThat(weakListMatch.statusCode()).isEqualTo(304);
        assertThat(otherTag.statusCode()).isEqualTo(200);
        assertThat(otherTag.body()).hasSize(1000);
        assertThat(node.origin.requestCount("/objects/rv-client-inm")).isEqualTo(1);
    }

    @Test
    void aClientIfModifiedSinceNotOlderThanLastModifiedGets304FromTheCache() {
        String path = "/objects/rv-client-ims?size=1000&cc=max-age%3D60&lm=" + enc(LAST_MODIFIED);
        node.get(path);

        HttpResponse<byte[]> notModified = node.get(path, "If-Modified-Since", LAST_MODIFIED);
        HttpResponse<byte[]> modified = node.get(path, "If-Modified-Since", "Sun, 31 Dec 2023 00:00:00 GMT");

        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(cacheStatus(notModified)).startsWith("test-node; hit");
        assertThat(modified.statusCode()).isEqualTo(200);
        assertThat(modified.body()).hasSize(1000);
        assertThat(node.origin.requestCount("/objects/rv-client-ims")).isEqualTo(1);
    }

    @Test
    void aClientConditionalOnAMissIsAnsweredByTheNodeWhileTheOriginSendsTheFullBody() {
        String path = "/objects/rv-client-miss?size=1000&cc=max-age%3D60&etag=miss-v1";
        HttpResponse<byte[]> notModified = node.get(path, "If-None-Match", "\"miss-v1\"");
        HttpResponse<byte[]> full = node.get(path);

        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(cacheStatus(notModified)).contains("fwd=uri-miss").contains("stored");
        assertThat(Requests.originRequests(node, "/objects/rv-client-miss").get(0).header("If-None-Match")).isNull();
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).hasSize(1000);
        assertThat(cacheStatus(full)).startsWith("test-node; hit");
    }
}
