package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** The Cache-Status field (RFC 9211) tells a client what the node did with its request. */
class CacheStatusTest {

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
    void aFirstRequestIsAUriMissThatIsStored_andTheSecondIsAHitWithItsTtl() {
        String path = "/objects/cs-miss-hit?size=512&cc=max-age%3D60";
        HttpResponse<byte[]> miss = node.get(path);
        HttpResponse<byte[]> hit = node.get(path);

        assertThat(miss.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(miss)).startsWith("test-node; fwd=uri-miss; fwd-status=200; ttl=").endsWith("; stored");
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(hit)).matches("test-node; hit; ttl=(59|60)");
        assertThat(hit.body()).isEqualTo(miss.body()).hasSize(512);
        assertThat(node.origin.requestCount("/objects/cs-miss-hit")).isEqualTo(1);
    }

    @Test
    void aStoredUrlRequestedWithAnotherVaryValueIsAVaryMiss() {
        String path = "/objects/cs-vary?size=100&cc=max-age%3D60&vary=Accept-Encoding";
        HttpResponse<byte[]> gzip = node.get(path, "Accept-Encoding", "gzip");
        HttpResponse<byte[]> br = node.get(path, "Accept-Encoding", "br");

        assertThat(cacheStatus(gzip)).contains("fwd=uri-miss");
        assertThat(br.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(br)).startsWith("test-node; fwd=vary-miss; fwd-status=200").contains("stored");
        assertThat(node.origin.requestCount("/objects/cs-vary")).isEqualTo(2);
    }

    @Test
    void aStaleEntryRevalidatedWith304IsReportedAsFwdStaleWithFwdStatus304() {
        // Age 1 of a 2-second lifetime: stale within a second
        String path = "/objects/cs-stale?size=300&cc=max-age%3D2&age=1&etag=cs1";
        HttpResponse<byte[]> first = node.get(path);
        Requests.pause(1100);
        HttpResponse<byte[]> revalidated = node.get(path);

        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(revalidated)).startsWith("test-node; fwd=stale; fwd-status=304").contains("stored");
        assertThat(revalidated.body()).isEqualTo(first.body());
        assertThat(node.origin.requestCount("/objects/cs-stale")).isEqualTo(2);
    }

    @Test
    void requestsThatWaitedForAnothersFillAreMarkedCollapsed() {
        String path = "/objects/cs-collapsed?size=2000&cc=max-age%3D60&delay=800";
        List<HttpResponse<byte[]>> responses = Requests.concurrently(node, 5, path);

        List<String> statuses = responses.stream().map(NodeFixture::cacheStatus).toList();
        assertThat(statuses).filteredOn(s -> s.contains("stored")).hasSize(1);
        assertThat(statuses).filteredOn(s -> s.contains("collapsed")).hasSize(4)
                .allMatch(s -> s.startsWith("test-node; fwd=uri-miss; fwd-status=200"));
        assertThat(node.origin.requestCount("/objects/cs-collapsed")).isEqualTo(1);
    }

    @Test
    void aPostIsForwardedForItsMethod() {
        HttpResponse<byte[]> post = node.send("POST", "/objects/cs-post?size=10");

        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(cacheStatus(post)).isEqualTo("test-node; fwd=method; fwd-status=200");
        assertThat(new String(post.body())).contains("\"method\":\"POST\"");
    }

    @Test
    void cachedResponsesCarryAnAgeThatIncludesTheAgeTheOriginReported() {
        String path = "/objects/cs-age?size=10&cc=max-age%3D600&age=30";
        HttpResponse<byte[]> miss = node.get(path);
        HttpResponse<byte[]> hit = node.get(path);

        assertThat(miss.headers().firstValue("Age")).hasValueSatisfying(age -> assertThat(Long.parseLong(age)).isBetween(30L, 32L));
        assertThat(hit.headers().firstValue("Age")).hasValueSatisfying(age -> assertThat(Long.parseLong(age)).isBetween(30L, 32L));
        assertThat(cacheStatus(hit)).startsWith("test-node; hit; ttl=");
        assertThat(Requests.ttl(hit)).isBetween(565L, 570L);
    }
}
