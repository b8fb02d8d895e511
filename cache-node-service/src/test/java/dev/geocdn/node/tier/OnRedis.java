package dev.geocdn.node.tier;

import dev.geocdn.localredis.LocalRedis;
import dev.geocdn.node.NodeFixture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server for a test class, started before its tests and stopped after, and the
 * nodes a test starts with it as their tier, stopped after each test:
 * {@code @RegisterExtension static final OnRedis tier = new OnRedis();}.
 */
final class OnRedis implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private LocalRedis redis;
    private final List<NodeFixture> nodes = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = LocalRedis.start(0, "64mb");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        nodes.forEach(NodeFixture::close);
        nodes.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        redis.close();
    }

    LocalRedis redis() {
        return redis;
    }

    /**
     * A node with this Redis as its tier and {@code properties} besides, with an origin of its own
     * (a node's context, when it closes, stops the Reactor Netty resources an origin in the same
     * JVM shares, as a restart of both would).
     */
    NodeFixture node(String... properties) {
        List<String> all = new ArrayList<>(List.of("cdn.tier.redis.url=" + redis.url()));
        all.addAll(List.of(properties));
        NodeFixture node = NodeFixture.start(all.toArray(String[]::new));
        nodes.add(node);
        return node;
    }
}
