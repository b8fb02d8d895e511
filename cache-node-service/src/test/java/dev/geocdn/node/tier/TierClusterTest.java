package dev.geocdn.node.tier;

import dev.geocdn.localredis.LocalRedisCluster;
import dev.geocdn.node.NodeFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.ArrayList;
import java.util.List;

import static dev.geocdn.node.tier.TierTest.fillAndAwaitTier;
import static dev.geocdn.node.tier.TierTest.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persistence tier on a real Redis Cluster of three masters: copies spread over the
 * cluster's slots, a restarted node serves them from it, and purges by URL, prefix and
 * surrogate key reach them, through index sets each of which lives in one slot.
 */
class TierClusterTest {

    static LocalRedisCluster cluster;
    private final List<NodeFixture> nodes = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = LocalRedisCluster.start(3, "64mb");
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(NodeFixture::close);
        nodes.clear();
    }

    private NodeFixture node() {
        NodeFixture node = NodeFixture.start("cdn.tier.redis.cluster.nodes=" + cluster.nodesProperty());
        nodes.add(node);
        return node;
    }

    /** Whether any master holds {@code key} (the others answer MOVED). */
    private static boolean exists(String key) {
        return cluster.nodes().stream().anyMatch(n -> n.command("EXISTS " + key).equals(":1"));
    }

    @Test
    void copiesSpreadOverTheCluster_andARestartedNodeServesThemFromIt() {
        NodeFixture first = node();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            paths.add("/objects/cluster/o" + i + "?size=300&cc=max-age%3D600&sk=cluster-tag");
            fillAndAwaitTier(first, paths.get(i));
        }
        assertThat(cluster.nodes()).as("masters holding copies")
                .filteredOn(n -> Long.parseLong(n.command("DBSIZE").substring(1)) > 0).hasSizeGreaterThanOrEqualTo(2);
        assertThat(first.context.getBean("tierHealthIndicator", HealthIndicator.class).health(true).getDetails())
                .containsEntry("circuit", "CLOSED");
        first.close();

        NodeFixture restarted = node();
        for (String path : paths) {
            assertThat(get(restarted, path).field("Cache-Status")).as(path).contains("; hit").endsWith("; tier=redis");
        }
        assertThat(restarted.origin.requestCount()).isZero();
    }

    @Test
    void purgesReachTheTier_andNothingPurgedComesBackFromIt() {
        TierTest.purgesReachTheTier(this::node, TierClusterTest::exists);
    }
}
