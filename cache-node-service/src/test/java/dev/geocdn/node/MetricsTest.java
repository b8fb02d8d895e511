package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.Arrays;

import static dev.geocdn.node.Requests.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Prometheus metrics on the management port count what the data plane did, tagged with the
 * node's region and id so that nodes and regions can be compared.
 *
 * <p>The eviction test runs last: it fills the small cache, after which the cache's admission
 * policy could turn away the objects the hit-counting test expects to hit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsTest {

    static final String[] NODE = {"region", "test-region", "node", "test-node"};
    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start("cdn.cache.max-bytes=100KB");
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
    @Order(1)
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
        String[] after = new String[1];
        assertThat(Requests.eventually(Duration.ofSeconds(5), () -> {
            after[0] = Requests.prometheus(node);
            return requests(after[0], "hit") - requests(before, "hit") >= 5
                    && requests(after[0], "miss") - requests(before, "miss") >= 3;
        })).isTrue();
        assertThat(requests(after[0], "hit") - requests(before, "hit")).isEqualTo(5);
        assertThat(requests(after[0], "miss") - requests(before, "miss")).isEqualTo(3);
        assertThat(sample(after[0], "geocdn_served_bytes_total", NODE) - sample(before, "geocdn_served_bytes_total", NODE))
                .isGreaterThanOrEqualTo(8000);
        assertThat(sample(after[0], "geocdn_origin_received_bytes_total", NODE)).isGreaterThanOrEqualTo(3000);
        assertThat(sample(after[0], "geocdn_request_duration_seconds_count", labels("result", "hit")))
                .isGreaterThanOrEqualTo(5);

        double fromCache = requests(after[0], "hit") + requests(after[0], "stale")
                + requests(after[0], "revalidated") + requests(after[0], "collapsed");
        double cacheable = fromCache + requests(after[0], "miss") + requests(after[0], "error");
        assertThat(sample(after[0], "geocdn_cache_hit_ratio", NODE)).isGreaterThan(0)
                .isCloseTo(fromCache / cacheable, within(1e-9));
    }

    @Test
    @Order(2)
    void everyNodeMetricCarriesTheRegionAndNodeTags() {
        node.get("/objects/mt-tags?size=10&cc=max-age%3D60");
        String exposition = Requests.prometheus(node);

        assertThat(exposition.lines().filter(l -> l.startsWith("geocdn_")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("region=\"test-region\"").contains("node=\"test-node\""));
    }

    @Test
    @Order(3)
    void aSmallCacheEvictsToStayWithinItsBound() {
        String before = Requests.prometheus(node);
        for (int i = 0; i < 20; i++) {
            assertThat(node.get("/objects/mt-evict-" + i + "?size=10k&cc=max-age%3D60").body()).hasSize(10240);
        }
        String after = Requests.prometheus(node);

        assertThat(sample(after, "geocdn_cache_max_bytes", NODE)).isEqualTo(102400);
        assertThat(sample(after, "geocdn_cache_evictions_total", NODE) - sample(before, "geocdn_cache_evictions_total", NODE))
                .isGreaterThanOrEqualTo(10);
        assertThat(sample(after, "geocdn_cache_stored_bytes", NODE)).isPositive().isLessThanOrEqualTo(102400);
        assertThat(sample(after, "geocdn_cache_objects", NODE)).isBetween(1.0, 10.0);
    }
}
