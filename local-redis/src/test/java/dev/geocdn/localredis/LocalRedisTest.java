package dev.geocdn.localredis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real redis-server: it answers once started, not once killed, and again on the same port; a
 * Sentinel started beside it names it as its master.
 */
class LocalRedisTest {

    @Test
    void startsAnswersDiesAndComesBackOnTheSamePort() {
        try (LocalRedis redis = LocalRedis.start(0, "16mb")) {
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.command("SET k v")).isEqualTo("+OK");
            assertThat(redis.command("CONFIG GET maxmemory-policy")).startsWith("*2");

            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            assertThat(redis.command("PING")).startsWith("-unreachable");

            redis.startAgain();
            assertThat(redis.command("PING")).isEqualTo("+PONG");
            assertThat(redis.command("GET k")).as("nothing persisted").isEqualTo("$-1");
        }
    }

    @Test
    void aSentinelNamesTheMasterItMonitors() {
        try (LocalRedis master = LocalRedis.start(0, "16mb");
             LocalRedis sentinel = LocalRedis.startSentinel(master, "geocdn")) {
            assertThat(sentinel.port()).isNotEqualTo(master.port());
            assertThat(sentinel.command("SENTINEL get-master-addr-by-name geocdn")).isEqualTo("*2");
        }
    }

    @Test
    void aClusterOfThreeMasters_formsWithEverySlotServed() {
        try (LocalRedisCluster cluster = LocalRedisCluster.start(3, "16mb")) {
            assertThat(cluster.nodes()).hasSize(3);
            for (LocalRedis node : cluster.nodes()) {
                String info = node.bulk("CLUSTER INFO");
                assertThat(info).contains("cluster_state:ok").contains("cluster_slots_assigned:16384")
                        .contains("cluster_known_nodes:3");
            }
            assertThat(cluster.nodesProperty().split(",")).hasSize(3).allMatch(n -> n.startsWith("127.0.0.1:"));
            // a key lives on the one master that holds its slot; the others redirect
            long holders = cluster.nodes().stream().filter(n -> n.command("SET k v").equals("+OK")).count();
            assertThat(holders).isEqualTo(1);
            assertThat(cluster.nodes()).filteredOn(n -> n.command("GET k").startsWith("-MOVED")).hasSize(2);
        }
    }
}
