package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static dev.geocdn.node.Requests.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus metrics on the management port count what the data plane did, tagged with the
 * node's region and id so that nodes and regions can be compared.
 *
 * <p>The eviction test fills a small cache on a node of its own: on a shared node, the cache's
 * admission policy could then turn away the objects the hit-counting test expects to hit.
 */
class MetricsTest {

    static final String[] NODE = {"region", "test-region", "node", "test-node"};
    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static String[] labels(String... more) {
        String[] all = Arrays.copyOf(NODE, NODE.length + more.length);
        System.arraycopy(more, 0, all, NODE.length, more.length);
        return all;
    }

    private static double requests(String exposition, String result) {
        return sample(exposition, "geocdn_requests_total", labels("result", result));
    }

    @Test
    void hitsAndMissesAreCountedByResult_andTheHitRatioFollowsThem() {
        String before = Requests.prometheus(node);
        long bodyBytes = 0;
        for (String name : new String[] {"a", "b", "c"}) {
            bodyBytes += node.get("/objects/mt-" + name + "?size=1000&cc=max-age%3D60").body().length;
        }
        for (String name : new String[] {"a", "a", "b", "b", "c"}) {
            bodyBytes += node.get("/objects/mt-" + name + "?size=1000&cc=max-age%3D60").body().length;
        }
        assertThat(bodyBytes).isEqualTo(8000);

        // a request is recorded once its response is written, which may be just after the client has it
        String after = await().atMost(Duration.ofSeconds(5)).alias("5 hits and 3 misses counted")
                .until(() -> Requests.prometheus(node), exposition -> requests(exposition, "hit") - requests(before, "hit") >= 5
                        && requests(exposition, "miss") - requests(before, "miss") >= 3);
        assertThat(requests(after, "hit") - requests(before, "hit")).isEqualTo(5);
        assertThat(requests(after, "miss") - requests(before, "miss")).isEqualTo(3);
        assertThat(sample(after, "geocdn_served_bytes_total", NODE) - sample(before, "geocdn_served_bytes_total", NODE))
                .isGreaterThanOrEqualTo(8000);
        assertThat(sample(after, "geocdn_origin_received_bytes_total", NODE)).isGreaterThanOrEqualTo(3000);
        assertThat(sample(after, "geocdn_request_duration_seconds_count", labels("result", "hit")))
                .isGreaterThanOrEqualTo(5);

        double fromCache = requests(after, "hit") + requests(after, "stale")
                + requests(after, "revalidated") + requests(after, "collapsed");
        double cacheable = fromCache + requests(after, "miss") + requests(after, "error");
        assertThat(sample(after, "geocdn_cache_hit_ratio", NODE)).isGreaterThan(0)
                .isCloseTo(fromCache / cacheable, within(1e-9));
    }

    @Test
    void everyNodeMetricCarriesTheRegionAndNodeTags() {
        node.get("/objects/mt-tags?size=10&cc=max-age%3D60");
        String exposition = Requests.prometheus(node);

        assertThat(exposition.lines().filter(l -> l.startsWith("geocdn_")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("region=\"test-region\"").contains("node=\"test-node\""));
    }

    @Test
    void aSmallCacheEvictsToStayWithinItsBound() {
        try (NodeFixture small = NodeFixture.start("cdn.cache.max-bytes=100KB")) {
            String before = Requests.prometheus(small);
            for (int i = 0; i < 20; i++) {
                assertThat(small.get("/objects/mt-evict-" + i + "?size=10k&cc=max-age%3D60").body()).hasSize(10240);
            }
            String after = Requests.prometheus(small);

            assertThat(sample(after, "geocdn_cache_max_bytes", NODE)).isEqualTo(102400);
            assertThat(sample(after, "geocdn_cache_evictions_total", NODE)
                    - sample(before, "geocdn_cache_evictions_total", NODE)).isGreaterThanOrEqualTo(10);
            assertThat(sample(after, "geocdn_cache_stored_bytes", NODE)).isPositive().isLessThanOrEqualTo(102400);
            assertThat(sample(after, "geocdn_cache_objects", NODE)).isBetween(1.0, 10.0);
        }
    }
}
