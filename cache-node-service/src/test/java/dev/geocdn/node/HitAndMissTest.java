package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A cacheable object is fetched once from the origin, then served from the cache. */
class HitAndMissTest {

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
    void cacheableObject_isFetchedOnce_thenServedAsHitWithAge() {
        String path = "/objects/hit-miss?size=2048&cc=max-age%3D60";
        HttpResponse<byte[]> first = node.get(path);
        HttpResponse<byte[]> second = node.get(path);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(NodeFixture.cacheStatus(first)).startsWith("test-node; fwd=uri-miss; fwd-status=200").contains("stored");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(NodeFixture.cacheStatus(second)).startsWith("test-node; hit; ttl=");
        assertThat(second.headers().firstValue("Age")).isPresent();
        assertThat(second.body()).isEqualTo(first.body()).hasSize(2048);
        assertThat(node.origin.requestCount("/objects/hit-miss")).isEqualTo(1);
    }

    @Test
    void uncacheableObject_goesToTheOriginEveryTime() {
        String path = "/objects/no-store?size=10&cc=no-store";
        node.get(path);
        HttpResponse<byte[]> second = node.get(path);

        assertThat(NodeFixture.cacheStatus(second)).contains("fwd=uri-miss").contains("detail=no-store")
                .doesNotContain("stored");
        assertThat(node.origin.requestCount("/objects/no-store")).isEqualTo(2);
    }

    @Test
    void managementPort_servesHealthAndPrometheus_notTheDataPort() {
        node.get("/objects/metrics?size=10&cc=max-age%3D60");
        node.get("/objects/metrics?size=10&cc=max-age%3D60");
        NodeFixture management = node;
        var health = management.client.sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + node.managementPort() + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).join();
        var prometheus = management.client.sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + node.managementPort() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).join();
        HttpResponse<byte[]> onDataPort = node.get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        assertThat(prometheus.body())
                .contains("geocdn_requests_total{node=\"test-node\",region=\"test-region\",result=\"hit\"}")
                .contains("geocdn_cache_hit_ratio{")
                .contains("geocdn_request_duration_seconds_bucket{")
                .contains("geocdn_served_bytes_total{")
                .contains("geocdn_origin_received_bytes_total{")
                .contains("geocdn_cache_stored_bytes{")
                .contains("geocdn_cache_objects{")
                .contains("geocdn_cache_evictions_total{")
                .contains("geocdn_requests_collapsed_total{");
        assertThat(onDataPort.statusCode()).isEqualTo(404); // proxied to the origin, which has no such path
        assertThat(NodeFixture.cacheStatus(onDataPort)).contains("fwd=");
    }
}
