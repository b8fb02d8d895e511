package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static dev.geocdn.node.Requests.enc;
import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent requests for one uncached object cost the origin one request, when it may be shared. */
class RequestCollapsingTest {

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
    void twentyConcurrentRequestsForAnUncachedObjectCauseOneOriginRequest() {
        String path = "/objects/co-herd?size=50000&cc=max-age%3D60&delay=800";
        List<HttpResponse<byte[]>> responses = Requests.concurrently(node, 20, path);

        assertThat(node.origin.requestCount("/objects/co-herd")).isEqualTo(1);
        byte[] body = responses.get(0).body();
        assertThat(body).hasSize(50000);
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(body);
        });
        List<String> statuses = responses.stream().map(NodeFixture::cacheStatus).toList();
        assertThat(statuses).filteredOn(s -> s.contains("stored")).hasSize(1);
        assertThat(statuses).filteredOn(s -> s.contains("collapsed")).hasSize(19);
        assertThat(cacheStatus(node.get(path))).startsWith("test-node; hit");
    }

    @ParameterizedTest(name = "Cache-Control: {0}")
    @ValueSource(strings = {"no-store", "private, max-age=60"})
    void anUncacheableResponseIsNotSharedWithWaiters_eachGoesToTheOrigin(String cacheControl) {
        String name = "/objects/co-private-" + cacheControl.replaceAll("[^a-z0-9]", "");
        String path = name + "?size=1000&delay=500&cc=" + enc(cacheControl);
        List<HttpResponse<byte[]>> responses = Requests.concurrently(node, 5, path);

        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).hasSize(1000);
            assertThat(cacheStatus(r)).doesNotContain("collapsed").doesNotContain("stored");
        });
        assertThat(node.origin.requestCount(name)).isEqualTo(5);
    }

    @Test
    void aWaiterWithAnotherVaryValueDoesNotTakeTheLeadersVariant() {
        String path = "/echo/co-vary?delay=500&cc=max-age%3D60&vary=X-Variant";
        var a1 = Requests.getAsync(node, path, "X-Variant", "a");
        var a2 = Requests.getAsync(node, path, "X-Variant", "a");
        var b = Requests.getAsync(node, path, "X-Variant", "b");

        assertThat(new String(a1.join().body())).contains("\"x-variant\":[\"a\"]");
        assertThat(new String(a2.join().body())).contains("\"x-variant\":[\"a\"]");
        assertThat(new String(b.join().body())).contains("\"x-variant\":[\"b\"]");
        assertThat(node.origin.requestCount("/echo/co-vary")).isBetween(2L, 3L);
        assertThat(cacheStatus(node.get(path, "X-Variant", "a"))).startsWith("test-node; hit");
        assertThat(cacheStatus(node.get(path, "X-Variant", "b"))).startsWith("test-node; hit");
    }
}
