package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's scheme, which is part of the cache key, comes from {@code Forwarded: proto=} or
 * {@code X-Forwarded-Proto} only when a trusted proxy sent them; a client reaching a node
 * directly cannot pick the key its response is stored under. Both the full path and the hit
 * fast path.
 */
class ForwardedSchemeTrustTest {

    static NodeFixture trusting;
    static NodeFixture untrusting;

    @BeforeAll
    static void start() {
        trusting = NodeFixture.start(); // loopback is trusted by default
        untrusting = NodeFixture.start(trusting.origin, false, "cdn.edge.trusted-proxies=10.0.0.0/8");
    }

    @AfterAll
    static void stop() {
        untrusting.close();
        trusting.close();
    }

    private static String name(String field) {
        return field.substring(0, field.indexOf(':'));
    }

    private static String value(String field) {
        return field.substring(field.indexOf(':') + 1).strip();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-Proto: https", "Forwarded: for=192.0.2.1;proto=https"})
    void aTrustedProxysScheme_makesItsOwnKey(String field) {
        String name = name(field);
        String value = value(field);
        String path = "/objects/scheme-trusted-" + name.length() + "?size=10&cc=max-age%3D600";

        trusting.get(path, name, value);
        assertThat(cacheStatus(trusting.get(path, name, value))).as("https key").contains("hit");
        assertThat(cacheStatus(trusting.get(path))).as("the http key is another one").doesNotContain("hit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-Proto: https", "Forwarded: for=192.0.2.1;proto=https"})
    void anUntrustedPeersScheme_isIgnored(String field) {
        String name = name(field);
        String value = value(field);
        String path = "/objects/scheme-untrusted-" + name.length() + "?size=10&cc=max-age%3D600";

        untrusting.get(path, name, value);

        assertThat(cacheStatus(untrusting.get(path))).as("stored under http").contains("hit");
        assertThat(cacheStatus(untrusting.get(path, name, value))).as("and found there again").contains("hit");
    }
}
