package dev.geocdn.node;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies live off the heap by default: hits and ranges are served from that memory byte for
 * byte, and evicted bodies give it back, so off-heap use follows the byte bound.
 */
class OffHeapBodiesTest {

    @Test
    void offHeapBodies_serveHitsAndRanges_andFollowTheByteBound() {
        try (NodeFixture node = NodeFixture.start("cdn.cache.max-bytes=200KB", "cdn.cache.policy=lru")) {
            Map<String, byte[]> first = new HashMap<>();
            for (int i = 0; i < 40; i++) {
                String path = "/objects/off-heap-" + i + "?size=10000&cc=max-age%3D600";
                first.put(path, node.get(path).body());
            }
            String recent = "/objects/off-heap-39?size=10000&cc=max-age%3D600";
            HttpResponse<byte[]> hit = node.get(recent);
            HttpResponse<byte[]> range = node.get(recent, "Range", "bytes=100-199");

            assertThat(cacheStatus(hit)).contains("; hit");
            assertThat(hit.body()).isEqualTo(first.get(recent));
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(first.get(recent), 100, 200));

            String metrics = Requests.prometheus(node);
            double allocated = Requests.sample(metrics, "geocdn_cache_offheap_allocated_bytes");
            double stored = Requests.sample(metrics, "geocdn_cache_stored_bytes");
            assertThat(allocated).isPositive().isLessThanOrEqualTo(stored).isLessThanOrEqualTo(200 * 1024);
            assertThat(Requests.sample(metrics, "geocdn_cache_evictions_total")).isPositive();
        }
    }

    @Test
    void heapBodies_canBeChosen() {
        try (NodeFixture node = NodeFixture.start("cdn.cache.off-heap=false")) {
            String path = "/objects/on-heap?size=5000&cc=max-age%3D600";
            byte[] body = node.get(path).body();
            HttpResponse<byte[]> hit = node.get(path);

            assertThat(cacheStatus(hit)).contains("; hit");
            assertThat(hit.body()).isEqualTo(body);
            assertThat(Requests.prometheus(node)).doesNotContain("geocdn_cache_offheap_allocated_bytes");
        }
    }
}
