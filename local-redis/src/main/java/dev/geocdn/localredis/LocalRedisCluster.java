package dev.geocdn.localredis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of real {@code redis-server} processes on loopback: {@code masters} nodes,
 * each holding an equal range of the 16384 hash slots, no replicas. It is formed as an operator
 * would with {@code redis-cli --cluster create}, by the commands that tool sends: each node is
 * given its slots ({@code CLUSTER ADDSLOTSRANGE}), the first meets the others
 * ({@code CLUSTER MEET}), and the cluster is ready once every node reports {@code cluster_state:ok}.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16384;

    private final List<LocalRedis> nodes;

    private LocalRedisCluster(List<LocalRedis> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts {@code masters} nodes on free ports and forms them into one cluster.
     *
     * @throws IllegalStateException when redis-server is missing or the cluster does not form in 30 s
     */
    public static LocalRedisCluster start(int masters, String maxMemory) {
        List<LocalRedis> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(LocalRedis.start(0, maxMemory, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")));
            }
            for (int i = 0; i < masters; i++) {
                int from = SLOTS * i / masters;
                int to = SLOTS * (i + 1) / masters - 1;
                expectOk(nodes.get(i), "CLUSTER ADDSLOTSRANGE " + from + " " + to);
            }
            for (int i = 1; i < masters; i++) {
                expectOk(nodes.get(0), "CLUSTER MEET 127.0.0.1 " + nodes.get(i).port());
            }
            LocalRedisCluster cluster = new LocalRedisCluster(nodes);
            cluster.awaitFormed();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(LocalRedis::close);
            throw e;
        }
    }

    private static void expectOk(LocalRedis node, String command) {
        String reply = node.command(command);
        if (!reply.equals("+OK")) {
            throw new IllegalStateException(command + " on port " + node.port() + " answered " + reply);
        }
    }

    private void awaitFormed() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!nodes.stream().allMatch(n -> n.bulk("CLUSTER INFO").contains("cluster_state:ok")
                && n.bulk("CLUSTER INFO").contains("cluster_known_nodes:" + nodes.size()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Redis Cluster did not form within 30 s: "
                        + nodes.get(0).bulk("CLUSTER INFO").lines().filter(l -> l.startsWith("cluster_state")).toList());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the Redis Cluster formed", e);
            }
        }
    }

    public List<LocalRedis> nodes() {
        return nodes;
    }

    /** What a node's {@code cdn.tier.redis.cluster.nodes} takes: every node, {@code host:port}, comma-separated. */
    public String nodesProperty() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        nodes.forEach(LocalRedis::close);
    }
}
