package dev.geocdn.node;

import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.origin.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static dev.geocdn.node.Requests.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consistency per path over real sockets, with the hit fast path on (the default): strong paths
 * are validated with the origin on every request (conditionally, collapsed), bounded paths once
 * their last validation is older than the bound, and other paths keep HTTP freshness.
 */
class ConsistencyPerPathTest {

    /** The bound of the bounded rule. */
    static final Duration BOUND = Duration.ofSeconds(2);

    @TempDir
    static Path files;

    static NodeFixture node;

    @BeforeAll
    static void start() {
        OriginMock origin = OriginMock.start(OriginMockConfig.defaults().withStaticRoot(files));
        node = NodeFixture.start(origin, true,
                // the breaker must not open: an origin that is down is part of what is tested
                "cdn.origin.breaker.minimum-calls=1000", "cdn.origin.breaker.sliding-window-size=1000",
                "cdn.consistency.rules[0].path=/objects/strong/public/**",
                "cdn.consistency.rules[0].mode=eventual",
                "cdn.consistency.rules[1].path=/objects/strong/**",
                "cdn.consistency.rules[1].mode=strong",
                "cdn.consistency.rules[2].path=/files/strong/*.txt",
                "cdn.consistency.rules[2].mode=STRONG",
                "cdn.consistency.rules[3].path=/objects/bounded/**",
                "cdn.consistency.rules[3].mode=bounded",
                "cdn.consistency.rules[3].max-staleness=" + BOUND.toMillis() + "ms");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** The origin requests for {@code path} that carried a validator. */
    private static List<RecordedRequest> conditional(String path) {
        return Requests.originRequests(node, path).stream()
                .filter(r -> r.header("If-None-Match") != null || r.header("If-Modified-Since") != null)
                .toList();
    }

    @Test
    void strongPath_everyRequestIsValidatedConditionally_andEach304IsAnsweredFromTheCache() {
        String path = "/objects/strong/every?size=3000&cc=max-age%3D600&etag=strong-v1";
        HttpResponse<byte[]> first = node.getStored(path);
        assertThat(cacheStatus(first)).startsWith("test-node; fwd=uri-miss; fwd-status=200").contains("stored");

        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> validated = node.get(path);
            assertThat(validated.statusCode()).isEqualTo(200);
            assertThat(validated.body()).isEqualTo(first.body()).hasSize(3000);
            assertThat(cacheStatus(validated)).startsWith("test-node; fwd=stale; fwd-status=304")
                    .contains("detail=strong").doesNotContain("; hit");
        }

        assertThat(node.origin.requestCount("/objects/strong/every")).isEqualTo(4);
        List<RecordedRequest> conditional = conditional("/objects/strong/every");
        assertThat(conditional).hasSize(3)
                .allSatisfy(r -> assertThat(r.header("If-None-Match")).isEqualTo("\"strong-v1\""));
    }

    @Test
    void strongPath_concurrentRequestsCollapseIntoOneConditionalRequest() {
        // the origin holds every answer for 800 ms, so all the requests below arrive during one validation
        String path = "/objects/strong/collapsed?size=2000&cc=max-age%3D600&etag=strong-c1&delay=800";
        HttpResponse<byte[]> first = node.getStored(path);
        long before = node.origin.requestCount("/objects/strong/collapsed");

        List<HttpResponse<byte[]>> responses = Requests.concurrently(node, 12, path);

        long validations = node.origin.requestCount("/objects/strong/collapsed") - before;
        assertThat(validations).as("origin requests for 12 concurrent strong requests").isBetween(1L, 2L);
        assertThat(conditional("/objects/strong/collapsed")).hasSize((int) validations);
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(first.body());
            assertThat(cacheStatus(r)).startsWith("test-node; fwd=stale; fwd-status=304").contains("detail=strong");
        });
        assertThat(responses).filteredOn(r -> cacheStatus(r).contains("; collapsed")).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void strongPath_aRepresentationChangedAtTheOriginIsServedAtOnce() throws IOException {
        Path file = Files.createDirectories(files.resolve("strong")).resolve("page.txt");
        write(file, "version one\n", Instant.parse("2025-01-01T00:00:00Z"));
        String path = "/files/strong/page.txt?cc=max-age%3D600";
        HttpResponse<byte[]> first = node.getStored(path);
        HttpResponse<byte[]> unchanged = node.get(path);

        write(file, "version two, longer\n", Instant.parse("2025-02-01T00:00:00Z"));
        HttpResponse<byte[]> changed = node.getStored(path);
        HttpResponse<byte[]> validatedAgain = node.get(path);

        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("version one\n");
        assertThat(cacheStatus(unchanged)).startsWith("test-node; fwd=stale; fwd-status=304");
        assertThat(new String(unchanged.body(), StandardCharsets.UTF_8)).isEqualTo("version one\n");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(new String(changed.body(), StandardCharsets.UTF_8)).isEqualTo("version two, longer\n");
        assertThat(cacheStatus(changed)).startsWith("test-node; fwd=stale; fwd-status=200").contains("stored")
                .contains("detail=strong");
        assertThat(changed.headers().firstValue("ETag")).isNotEqualTo(first.headers().firstValue("ETag"));
        assertThat(cacheStatus(validatedAgain)).startsWith("test-node; fwd=stale; fwd-status=304");
        assertThat(new String(validatedAgain.body(), StandardCharsets.UTF_8)).isEqualTo("version two, longer\n");
        assertThat(conditional("/files/strong/page.txt")).hasSize(3);
    }

    @Test
    void strongPath_anOriginThatIsDownGivesAGatewayError_neverTheStoredCopy() {
        // fresh for ten minutes and allowing stale-if-error: an eventual path would answer from the cache
        String path = "/objects/strong/down?size=700&etag=down-v1&cc=" + enc("max-age=600, stale-if-error=600");
        HttpResponse<byte[]> stored = node.getStored(path);
        node.origin.stop();
        try {
            HttpResponse<byte[]> response = node.get(path);

            assertThat(response.statusCode()).isIn(502, 504);
            assertThat(response.body()).isNotEqualTo(stored.body());
            assertThat(cacheStatus(response)).startsWith("test-node; fwd=stale").contains("detail=origin-")
                    .doesNotContain("stale-if-error");
        } finally {
            node.origin.restart();
        }
    }

    @Test
    void boundedPath_isServedWithoutTheOriginWithinTheBound_andRevalidatedOnceAfterIt() {
        String path = "/objects/bounded/news?size=1500&cc=max-age%3D600&etag=bounded-v1";
        HttpResponse<byte[]> first = node.getStored(path);
        HttpResponse<byte[]> hit = node.get(path);
        HttpResponse<byte[]> hitAgain = node.get(path);
        assertThat(cacheStatus(hit)).startsWith("test-node; hit");
        assertThat(cacheStatus(hitAgain)).startsWith("test-node; hit");
        assertThat(node.origin.requestCount("/objects/bounded/news")).isEqualTo(1);

        Requests.pause(BOUND.toMillis() + 300); // past the staleness bound
        HttpResponse<byte[]> revalidated = node.get(path);
        HttpResponse<byte[]> hitAfter = node.get(path);

        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(revalidated.body()).isEqualTo(first.body());
        assertThat(cacheStatus(revalidated)).startsWith("test-node; fwd=stale; fwd-status=304")
                .contains("detail=bounded");
        assertThat(cacheStatus(hitAfter)).as("the 304 restarts the bound").startsWith("test-node; hit");
        assertThat(node.origin.requestCount("/objects/bounded/news")).isEqualTo(2);
        assertThat(conditional("/objects/bounded/news")).hasSize(1);
    }

    @Test
    void eventualPaths_areUnchanged_freshHitsNeverReachTheOrigin() {
        String unmatched = "/objects/eventual/plain?size=500&cc=max-age%3D600&etag=e1";
        String earlierRule = "/objects/strong/public/logo?size=500&cc=max-age%3D600&etag=e2";
        for (String path : List.of(unmatched, earlierRule)) {
            node.getStored(path);
            assertThat(cacheStatus(node.get(path))).startsWith("test-node; hit; ttl=").doesNotContain("detail");
        }
        assertThat(node.origin.requestCount("/objects/eventual/plain")).isEqualTo(1);
        assertThat(node.origin.requestCount("/objects/strong/public/logo")).isEqualTo(1);
    }

    @Test
    void theHitFastPath_neverAnswersAStrongEntry_norABoundedOnePastItsBound() throws IOException {
        // requests with nothing but Host: exactly what the fast path answers when it may
        String strong = "/objects/strong/fast?size=400&cc=max-age%3D600&etag=fast-s";
        String bounded = "/objects/bounded/fast?size=400&cc=max-age%3D600&etag=fast-b";
        node.getStored(strong);
        node.getStored(bounded);

        String strongAnswer = plainGet(strong);
        String boundedWithin = plainGet(bounded);
        Requests.pause(BOUND.toMillis() + 300); // past the staleness bound
        String boundedPast = plainGet(bounded);
        String boundedWithinAgain = plainGet(bounded);

        assertThat(strongAnswer).startsWith("HTTP/1.1 200").contains("test-node; fwd=stale; fwd-status=304")
                .contains("detail=strong");
        assertThat(boundedWithin).startsWith("HTTP/1.1 200").contains("test-node; hit; ttl=");
        assertThat(boundedPast).contains("test-node; fwd=stale; fwd-status=304").contains("detail=bounded");
        assertThat(boundedWithinAgain).contains("test-node; hit; ttl=");
        assertThat(node.origin.requestCount("/objects/strong/fast")).isEqualTo(2);
        assertThat(node.origin.requestCount("/objects/bounded/fast")).isEqualTo(2);
    }

    private static String plainGet(String path) throws IOException {
        return node.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port() + "\r\n\r\n", Duration.ofSeconds(5));
    }

    private static void write(Path file, String content, Instant modified) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
