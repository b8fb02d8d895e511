package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the origin keeps failing, the circuit breaker opens: requests fail fast with 503 and the
 * origin is left alone until the breaker's open duration has passed.
 */
class CircuitBreakerTest {

    static NodeFixture node;
    /** A node whose circuit stays open for one second only. */
    static NodeFixture quick;

    @BeforeAll
    static void start() {
        node = NodeFixture.start(
                "cdn.origin.breaker.minimum-calls=4",
                "cdn.origin.breaker.sliding-window-size=4",
                "cdn.origin.breaker.open-duration=30s");
        quick = NodeFixture.start(
                "cdn.origin.breaker.minimum-calls=4",
                "cdn.origin.breaker.sliding-window-size=4",
                "cdn.origin.breaker.open-duration=1s");
    }

    @AfterAll
    static void stop() {
        quick.close();
        node.close();
    }

    /** Requests fresh objects from {@code fixture} until the circuit refuses one; returns the failures before it. */
    private static List<HttpResponse<byte[]>> failUntilOpen(NodeFixture fixture, String prefix) {
        List<HttpResponse<byte[]>> failures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<byte[]> response = fixture.get("/objects/" + prefix + i + "?size=10&cc=max-age%3D60");
            if (cacheStatus(response).contains("detail=origin-circuit-open")) {
                return failures;
            }
            failures.add(response);
        }
        throw new AssertionError("the circuit did not open after " + failures.size() + " failures");
    }

    @Test
    void afterAFewFailuresRequestsFailFastWith503_andTheOriginIsNotContactedWhileTheCircuitIsOpen() {
        List<HttpResponse<byte[]>> failures;
        node.origin.stop();
        try {
            failures = failUntilOpen(node, "cb-");
        } finally {
            node.origin.restart();
        }
        HttpResponse<byte[]> open = node.get("/objects/cb-open?size=10&cc=max-age%3D60");

        assertThat(failures).as("failures before the circuit opened").hasSizeBetween(1, 4)
                .allSatisfy(r -> assertThat(r.statusCode()).isIn(502, 504));
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(cacheStatus(open)).isEqualTo("test-node; fwd=uri-miss; detail=origin-circuit-open");
        assertThat(Requests.looksLikeStackTrace(new String(open.body()))).isFalse();

        // the origin is back, but the circuit stays open for 30 s: nothing reaches it
        node.origin.resetCounters();
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> response = node.get("/objects/cb-after-" + i + "?size=10&cc=max-age%3D60");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(cacheStatus(response)).contains("detail=origin-circuit-open");
        }
        HttpResponse<byte[]> post = node.send("POST", "/objects/cb-post?size=10");
        assertThat(post.statusCode()).isEqualTo(503);
        assertThat(cacheStatus(post)).contains("fwd=method").contains("detail=origin-circuit-open");
        assertThat(node.origin.requestCount()).isZero();
    }

    @Test
    void afterTheOpenDurationTheNodeProbesTheOriginAgainAndRecoversWhenItIsBack() {
        quick.origin.stop();
        try {
            failUntilOpen(quick, "cb-quick-");
        } finally {
            quick.origin.restart();
        }

        String path = "/objects/cb-recovered?size=10&cc=max-age%3D60";
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(quick.get(path).statusCode())
                .as("served again once the circuit let a probe through").isEqualTo(200));
        for (int i = 0; i < 5; i++) {
            assertThat(quick.get("/objects/cb-recovered-" + i + "?size=10").statusCode()).isEqualTo(200);
        }
    }
}
