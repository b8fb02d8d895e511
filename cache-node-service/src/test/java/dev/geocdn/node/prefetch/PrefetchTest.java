package dev.geocdn.node.prefetch;

import dev.geocdn.node.NodeFixture;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prefetching over real sockets, against origin-mock's files: the preload links of a page and
 * the HLS segments after the one a client asks for are fetched once, ahead of clients, and
 * nothing else is: not other relations, not other paths, not the segments further on. Waits end
 * when the node's own counters say the prefetches finished, never on a timer.
 */
class PrefetchTest {

    private static final String CC = "?cc=" + URLEncoder.encode("max-age=600", StandardCharsets.UTF_8);
    private static final int SEGMENTS = 10;

    @TempDir
    Path files;
    private OriginMock origin;
    private NodeFixture node;
    private NodeFixture other;

    @BeforeEach
    void site() throws IOException {
        Files.createDirectories(files.resolve("site"));
        Files.createDirectories(files.resolve("elsewhere"));
        Files.createDirectories(files.resolve("vod"));
        for (String name : List.of("site/index.html", "site/app.js", "site/hero.png", "site/style.css",
                "elsewhere/page.html", "elsewhere/lib.js")) {
            Files.writeString(files.resolve(name), "content of " + name);
        }
        StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:6\n");
        for (int i = 0; i < SEGMENTS; i++) {
            Files.writeString(files.resolve("vod/seg" + i + ".ts"), "segment " + i);
            playlist.append("#EXTINF:6.0,\nseg").append(i).append(".ts").append(CC).append('\n');
        }
        Files.writeString(files.resolve("vod/index.m3u8"), playlist.append("#EXT-X-ENDLIST\n").toString());
        origin = OriginMock.start(OriginMockConfig.defaults().withStaticRoot(files));
    }

    @AfterEach
    void stop() {
        for (AutoCloseable part : new AutoCloseable[] {other, node}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        origin.close();
    }

    private NodeFixture start(String id, String... more) {
        List<String> properties = new java.util.ArrayList<>(List.of("cdn.node-id=" + id,
                "cdn.prefetch.paths=/files/site/**,/files/vod/**", "cdn.prefetch.segments-ahead=2"));
        properties.addAll(List.of(more));
        return NodeFixture.start(origin, false, properties.toArray(String[]::new));
    }

    /** Targets of {@code trigger} a node fetched ahead, whatever came of them. */
    private static double fetched(NodeFixture node, String trigger) {
        MeterRegistry registry = node.context.getBean(MeterRegistry.class);
        return registry.find("geocdn.prefetch.requests").tag("trigger", trigger).counters().stream()
                .filter(c -> List.of("warmed", "fresh", "failed").contains(c.getId().getTag("outcome")))
                .mapToDouble(Counter::count).sum();
    }

    private static void awaitFetched(NodeFixture node, String trigger, int count) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> fetched(node, trigger) >= count);
        assertThat(fetched(node, trigger)).as(trigger + " prefetches").isEqualTo(count);
    }

    private long originRequests(String file) {
        return origin.requestCount("/files/" + file);
    }

    @Test
    void aPagesPreloadLinks_areFetchedOnce_andNothingElse() {
        node = start("node-a");
        String link = "</files/site/app.js" + CC + ">; rel=preload; as=script, "
                + "<hero.png" + CC + ">; rel=preload; as=image, </files/site/style.css>; rel=stylesheet, "
                + "<http://other.example/x.js>; rel=preload";
        String page = "/files/site/index.html" + CC + "&header=" + URLEncoder.encode("Link:" + link, StandardCharsets.UTF_8);

        assertThat(node.get(page).statusCode()).isEqualTo(200);
        awaitFetched(node, "preload", 2);

        assertThat(originRequests("site/app.js")).isEqualTo(1);
        assertThat(originRequests("site/hero.png")).isEqualTo(1);
        assertThat(originRequests("site/style.css")).isZero();
        HttpResponse<byte[]> script = node.get("/files/site/app.js" + CC);
        assertThat(NodeFixture.cacheStatus(script)).contains("; hit");
        assertThat(new String(script.body(), StandardCharsets.UTF_8)).isEqualTo("content of site/app.js");
        assertThat(originRequests("site/app.js")).isEqualTo(1);

        // the page again, from cache: its links are not fetched again
        assertThat(NodeFixture.cacheStatus(node.get(page))).contains("; hit");
        assertThat(fetched(node, "preload")).isEqualTo(2);
    }

    @Test
    void preloadLinksOutsideTheConfiguredPaths_areNotFollowed() {
        node = start("node-a");
        String link = "</files/elsewhere/lib.js" + CC + ">; rel=preload; as=script";
        String page = "/files/elsewhere/page.html" + CC + "&header=" + URLEncoder.encode("Link:" + link, StandardCharsets.UTF_8);
        // a page that is prefetched for, after the one that is not: once its links are in, so would the other's be
        String control = "/files/site/index.html" + CC + "&header="
                + URLEncoder.encode("Link:</files/site/app.js" + CC + ">; rel=preload", StandardCharsets.UTF_8);

        node.get(page);
        node.get(control);
        awaitFetched(node, "preload", 1);

        assertThat(originRequests("elsewhere/lib.js")).isZero();
        assertThat(originRequests("site/app.js")).isEqualTo(1);
    }

    @Test
    void hls_thePlaylistsFirstSegments_thenTheOnesAfterEachRequestedSegment() {
        node = start("node-a");

        assertThat(node.get("/files/vod/index.m3u8" + CC).statusCode()).isEqualTo(200);
        awaitFetched(node, "hls", 2);
        assertThat(originRequests("vod/seg0.ts")).isEqualTo(1);
        assertThat(originRequests("vod/seg1.ts")).isEqualTo(1);

        assertThat(node.get("/files/vod/seg4.ts" + CC).statusCode()).isEqualTo(200);
        awaitFetched(node, "hls", 4);

        // a hit on a prefetched segment (answered ahead of the codec) carries the chain on
        assertThat(NodeFixture.cacheStatus(node.get("/files/vod/seg5.ts" + CC))).contains("; hit");
        awaitFetched(node, "hls", 5); // seg6 was fetched moments ago: only seg7 is new

        for (int i = 0; i < SEGMENTS; i++) {
            long expected = List.of(0, 1, 4, 5, 6, 7).contains(i) ? 1 : 0;
            assertThat(originRequests("vod/seg" + i + ".ts")).as("origin requests for seg" + i).isEqualTo(expected);
        }
        assertThat(originRequests("vod/index.m3u8")).isEqualTo(1);
    }

    @Test
    void hls_acrossNodes_theSegmentsOwnerLearnsThePlaylistFromThePrefetch() throws IOException {
        other = start("node-b");
        node = start("node-a", "cdn.prefetch.via=http://127.0.0.1:" + other.port());

        // node-a serves the playlist and sends the first segments to node-b, naming the playlist
        node.get("/files/vod/index.m3u8" + CC);
        awaitFetched(node, "hls", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> fetched(other, "playlist") >= 1);

        // a client of node-b asks for a segment node-a prefetched there (by the same public URL,
        // whose host is node-a's here): node-b fetches the next ones
        String response = other.raw("GET /files/vod/seg1.ts" + CC + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.port()
                + "\r\nConnection: close\r\n\r\n", Duration.ofSeconds(10));
        assertThat(response).startsWith("HTTP/1.1 200").contains("; hit").contains("segment 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> originRequests("vod/seg3.ts") == 1);

        assertThat(originRequests("vod/seg2.ts")).isEqualTo(1);
        assertThat(originRequests("vod/seg1.ts")).isEqualTo(1);
        assertThat(originRequests("vod/seg4.ts")).isZero();
    }
}
