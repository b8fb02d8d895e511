package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local world with {@code --redis=on}: one real redis-server per region, shared by the
 * region's nodes as their persistence tier, so what one node fetched, the other serves from the
 * tier without the origin; and the world says where each Redis is.
 */
class LocalWorldRedisTest {

    static final String HOST = "cdn.redis.test";
    static final Pattern WRITTEN = Pattern.compile("geocdn_tier_writes_total\\{[^}]*outcome=\"written\"[^}]*} ([0-9.]+)");
    static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral().withRedis(true));
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    /** The node's count of objects written to its tier, from its Prometheus endpoint. */
    private static double written(String metrics) {
        Matcher m = WRITTEN.matcher(ClientFrom.get("127.0.0.1", metrics).body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void eachRegionHasARedisOfItsOwn_andTheWorldSaysWhere() {
        assertThat(world.redisUrls()).containsOnlyKeys(world.regions());
        assertThat(world.redisUrls().values()).doesNotHaveDuplicates().allMatch(url -> url.startsWith("redis://127.0.0.1:"));
        assertThat(world.describe()).contains("Redis tier").contains(world.redisUrls().get("us-west"));
    }

    @Test
    void whatOneNodeOfARegionFetched_theOtherServesFromTheRegionsTier() {
        String path = "/objects/world-tier?size=2k&cc=max-age%3D600";
        String first = world.nodeIds("us-west").get(0);
        String second = world.nodeIds("us-west").get(1);
        String metrics = world.node(first).managementUrl() + "/actuator/prometheus";
        double writtenBefore = written(metrics);
        ClientFrom.Response miss = ClientFrom.get("127.0.0.1", world.nodeUrl(first) + path, "Host", HOST);
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.header("Cache-Status")).contains("fwd=uri-miss");
        long originRequests = world.origin().requestCount("/objects/world-tier");

        // the write to the tier is in the background: the second node asks once it has landed
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> written(metrics) > writtenBefore);

        ClientFrom.Response fromTier = ClientFrom.get("127.0.0.1", world.nodeUrl(second) + path, "Host", HOST);
        assertThat(fromTier.status()).isEqualTo(200);
        assertThat(fromTier.header("Cache-Status")).contains("; hit").contains("tier=redis");
        assertThat(fromTier.body()).isEqualTo(miss.body());
        assertThat(world.origin().requestCount("/objects/world-tier")).isEqualTo(originRequests);
    }
}
