package dev.geocdn.node;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The node refuses to start on bad configuration, with a message naming the property, rather
 * than starting half-configured.
 */
class ConfigurationValidationTest {

    private static void run(String... args) {
        new SpringApplicationBuilder(NodeApplication.class).run(args);
    }

    private static final String[] BASE = {"--server.port=0", "--management.server.port=0",
            "--spring.main.banner-mode=off", "--logging.level.root=OFF"};

    private static String[] with(String... extra) {
        String[] all = new String[BASE.length + extra.length];
        System.arraycopy(BASE, 0, all, 0, BASE.length);
        System.arraycopy(extra, 0, all, BASE.length, extra.length);
        return all;
    }

    @Test
    void unknownEvictionPolicy_isRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9", "--cdn.cache.policy=fifo-ish")))
                .hasStackTraceContaining("cdn.cache").hasStackTraceContaining("must name a known eviction policy: w-tinylfu");
    }

    @Test
    void missingOriginUrl_isRefused() {
        assertThatThrownBy(() -> run(with()))
                .hasStackTraceContaining("cdn.origin");
    }

    @Test
    void originUrlThatIsNotHttp_isRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=ftp://127.0.0.1/")))
                .hasStackTraceContaining("cdn.origin").hasStackTraceContaining("must be an absolute http or https URL");
    }

    @Test
    void aZeroOriginConnectTimeout_isRefusedNamingTheProperty() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9", "--cdn.origin.connect-timeout=0s")))
                .hasStackTraceContaining("origin.connectTimeout").hasStackTraceContaining("must be longer than 0");
    }

    @Test
    void aZeroCacheSize_isRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9", "--cdn.cache.max-bytes=0MB")))
                .hasStackTraceContaining("cdn.cache.max-bytes and cdn.cache.max-object-size must be positive");
    }

    @Test
    void unknownConsistencyMode_isRefusedNamingTheProperty() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9",
                "--cdn.consistency.rules[0].path=/api/**", "--cdn.consistency.rules[0].mode=linearizable")))
                .hasStackTraceContaining("cdn.consistency.rules[0].mode");
    }

    @Test
    void boundedConsistencyWithoutMaxStaleness_isRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9",
                "--cdn.consistency.rules[0].path=/api/**", "--cdn.consistency.rules[0].mode=strong",
                "--cdn.consistency.rules[1].path=/news/**", "--cdn.consistency.rules[1].mode=bounded")))
                .hasStackTraceContaining("cdn.consistency.rules[1]")
                .hasStackTraceContaining("max-staleness must be positive for mode bounded");
    }

    @Test
    void boundedConsistencyWithAZeroMaxStaleness_isRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9",
                "--cdn.consistency.rules[0].path=/news/**", "--cdn.consistency.rules[0].mode=bounded",
                "--cdn.consistency.rules[0].max-staleness=0s")))
                .hasStackTraceContaining("cdn.consistency.rules[0]")
                .hasStackTraceContaining("max-staleness must be positive for mode bounded");
    }

    @Test
    void maxStalenessOnAStrongRule_isRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9",
                "--cdn.consistency.rules[0].path=/api/**", "--cdn.consistency.rules[0].mode=strong",
                "--cdn.consistency.rules[0].max-staleness=5s")))
                .hasStackTraceContaining("cdn.consistency.rules[0]")
                .hasStackTraceContaining("is not allowed for the other modes");
    }

    @Test
    void consistencyPathThatIsNotAPathPattern_isRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9",
                "--cdn.consistency.rules[0].path=api/**", "--cdn.consistency.rules[0].mode=strong")))
                .hasStackTraceContaining("cdn.consistency.rules[0]")
                .hasStackTraceContaining("must be a path pattern starting with '/'");
    }

    @Test
    void consistencyRuleWithoutMode_isRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9",
                "--cdn.consistency.rules[0].path=/api/**")))
                .hasStackTraceContaining("cdn.consistency.rules[0].mode");
    }

    @Test
    void managementPortEqualToServerPort_isRefused() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NodeApplication.class).run("--server.port=18999",
                "--management.server.port=18999", "--cdn.origin.url=http://127.0.0.1:9", "--logging.level.root=OFF"))
                .rootCause().hasMessageContaining("management.server.port must be set and differ from server.port");
    }

    @Test
    void aTierOnBothOneRedisAndACluster_isRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9", "--cdn.tier.redis.url=redis://127.0.0.1:9",
                "--cdn.tier.redis.cluster.nodes=127.0.0.1:7000")))
                .hasStackTraceContaining("set cdn.tier.redis.url or cdn.tier.redis.cluster.nodes, not both");
    }

    @Test
    void clusterNodesThatAreNotHostAndPort_areRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9",
                "--cdn.tier.redis.cluster.nodes=redis://127.0.0.1:7000")))
                .hasStackTraceContaining("cdn.tier.redis.cluster.nodes are host:port pairs");
    }

    @Test
    void prefetchPathsThatAreNotPathPatterns_areRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9", "--cdn.prefetch.paths=video/**")))
                .hasStackTraceContaining("cdn.prefetch.paths are path patterns that start with '/'");
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9", "--cdn.prefetch.paths=/v/**",
                "--cdn.prefetch.via=ftp://gateway")))
                .hasStackTraceContaining("cdn.prefetch.via must be an absolute http URL");
    }
}
