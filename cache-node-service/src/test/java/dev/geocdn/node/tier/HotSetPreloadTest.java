package dev.geocdn.node.tier;

import dev.geocdn.node.NodeFixture;
import dev.geocdn.node.popularity.PopularityRecord;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.geocdn.node.tier.TierTest.fillAndAwaitTier;
import static dev.geocdn.node.tier.TierTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The popularity record and the hot set's pre-load against a real redis-server: a node records
 * the keys clients ask it for most, and once restarted loads the most requested of them from the
 * tier before any client asks, while the rest still come from the tier on demand.
 */
class HotSetPreloadTest {

    private static final String RECORD = "geocdn:popular:test-node";
    @RegisterExtension
    static final OnRedis tier = new OnRedis();

    private NodeFixture node(String... extra) {
        List<String> properties = new ArrayList<>(List.of("cdn.tier.redis.popularity.sample-every=1"));
        properties.addAll(List.of(extra));
        return tier.node(properties.toArray(String[]::new));
    }

    private static String path(String name) {
        return "/objects/popular-" + name + "?size=200&cc=max-age%3D600";
    }

    private static String score(String name) {
        return tier.redis().bulk("ZSCORE " + RECORD + " http://cdn.tier.test" + path(name));
    }

    @Test
    void aRestartedNode_loadsItsMostRequestedKeysFromTheTier_beforeClientsAsk() {
        // one interval, ended by the test: the record is written once, with these counts
        NodeFixture first = node("cdn.tier.redis.popularity.interval=1h");
        List<String> names = List.of("a", "b", "c", "d");
        for (String name : names) {
            fillAndAwaitTier(first, path(name));
        }
        for (int i = 0; i < 5; i++) {
            get(first, path("a"));
        }
        for (int i = 0; i < 3; i++) {
            get(first, path("b"));
        }
        get(first, path("c"));
        first.context.getBean("popularityHooks", PopularityRecord.class).flush().block(Duration.ofSeconds(10));
        assertThat(score("a")).isEqualTo("6"); // its fill and five hits
        assertThat(score("b")).isEqualTo("4");
        assertThat(score("c")).isEqualTo("2");
        assertThat(score("d")).isEqualTo("1");
        first.close();

        NodeFixture restarted = node("cdn.tier.redis.popularity.interval=1h", "cdn.tier.redis.popularity.preload=2");
        MeterRegistry meters = restarted.context.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.counter("geocdn.tier.preloads", "outcome", "loaded").count() == 2);

        for (String name : List.of("a", "b")) {
            assertThat(get(restarted, path(name)).field("Cache-Status")).as(name + ", pre-loaded")
                    .contains("; hit").doesNotContain("tier=");
        }
        assertThat(get(restarted, path("c")).field("Cache-Status")).as("c, not pre-loaded: from the tier on demand")
                .contains("; hit").endsWith("tier=redis");
        assertThat(restarted.origin.requestCount()).isZero();
    }
}
