package dev.geocdn.node;

import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeTarget;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.shield.ShieldMetrics;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sibling regions over real sockets: before the origin, a node asks the owner node of the key in
 * each sibling region for a copy it holds ({@code only-if-cached}); a hit there serves the fill
 * and no origin fetch happens; a miss there costs nothing but the question; a copy filled before a
 * purge the asking node has applied is refused; and the question never travels further, so two
 * regions that name each other cannot loop.
 */
class SiblingsTest {

    static OriginMock origin;
    static NodeFixture a;
    static NodeFixture b;

    @BeforeAll
    static void start() throws IOException {
        origin = OriginMock.start(OriginMockConfig.defaults());
        int portA = freePort();
        int portB = freePort();
        a = NodeFixture.start(origin, false, "server.port=" + portA, "cdn.region=a", "cdn.node-id=a-1",
                "cdn.shield.siblings=b", "cdn.peers.regions.b.nodes[0].id=b-1",
                "cdn.peers.regions.b.nodes[0].url=http://127.0.0.1:" + portB);
        b = NodeFixture.start(origin, false, "server.port=" + portB, "cdn.region=b", "cdn.node-id=b-1",
                "cdn.shield.siblings=a", "cdn.peers.regions.a.nodes[0].id=a-1",
                "cdn.peers.regions.a.nodes[0].url=http://127.0.0.1:" + portA);
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
        origin.close();
    }

    /**
     * {@code GET path} at {@code node} with the CDN's one hostname, as clients of every region
     * send it (the cache key includes the host), and {@code fields} as name, value pairs.
     */
    private static RawConnection.Response get(NodeFixture node, String path, String... fields) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: cdn.example\r\n");
        for (int i = 0; i < fields.length; i += 2) {
            request.append(fields[i]).append(": ").append(fields[i + 1]).append("\r\n");
        }
        try (RawConnection connection = new RawConnection(node.port(), Duration.ofSeconds(10))) {
            return connection.send(request.append("\r\n").toString()).readUntilFinal(false).getLast();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sibling(NodeFixture node, String region, ShieldMetrics.SiblingOutcome outcome) {
        return node.context.getBean(ShieldMetrics.class).count(region, outcome);
    }

    @Test
    void anObjectHeldInASiblingRegion_isFilledFromIt_withoutTheOrigin() {
        String path = "/objects/sib-held?size=3k&cc=max-age%3D600";
        long missesAtB = sibling(a, "b", ShieldMetrics.SiblingOutcome.MISS);
        long hitsAtA = sibling(b, "a", ShieldMetrics.SiblingOutcome.HIT);

        RawConnection.Response inA = get(a, path);
        RawConnection.Response inB = get(b, path);
        RawConnection.Response againInB = get(b, path);

        assertThat(inA.status()).isEqualTo(200);
        assertThat(sibling(a, "b", ShieldMetrics.SiblingOutcome.MISS)).as("b was asked first, and held none")
                .isEqualTo(missesAtB + 1);
        assertThat(inB.status()).isEqualTo(200);
        assertThat(inB.body()).isEqualTo(inA.body());
        assertThat(inB.field("Cache-Status")).matches("a-1; hit; ttl=\\d+, b-1; fwd=uri-miss; fwd-status=200; .*stored.*");
        assertThat(sibling(b, "a", ShieldMetrics.SiblingOutcome.HIT)).isEqualTo(hitsAtA + 1);
        assertThat(origin.requestCount("/objects/sib-held")).isEqualTo(1);
        assertThat(againInB.field("Cache-Status")).as("b's own entry is a hit now")
                .matches("a-1; hit; ttl=\\d+, b-1; hit; ttl=\\d+");
    }

    @Test
    void aChildTiersFill_asksTheSiblings_butNotTheRegionItCameFrom() {
        String held = "/objects/sib-child?size=2k&cc=max-age%3D600";
        String fromA = "/objects/sib-from-a?size=2k&cc=max-age%3D600";
        get(a, held);
        get(a, fromA);
        long hits = sibling(b, "a", ShieldMetrics.SiblingOutcome.HIT);
        long misses = sibling(b, "a", ShieldMetrics.SiblingOutcome.MISS);

        // as a child region c's node asks its parent b; then as region a's own node would
        RawConnection.Response forC = get(b, held, "X-GeoCDN-Tier", "c", "CDN-Loop", "geocdn");
        RawConnection.Response forA = get(b, fromA, "X-GeoCDN-Tier", "a", "CDN-Loop", "geocdn");

        assertThat(forC.status()).isEqualTo(200);
        assertThat(sibling(b, "a", ShieldMetrics.SiblingOutcome.HIT)).isEqualTo(hits + 1);
        assertThat(origin.requestCount("/objects/sib-child")).isEqualTo(1);
        assertThat(forA.status()).isEqualTo(200);
        assertThat(sibling(b, "a", ShieldMetrics.SiblingOutcome.HIT) + sibling(b, "a", ShieldMetrics.SiblingOutcome.MISS))
                .as("region a has just missed: not asked again").isEqualTo(hits + 1 + misses);
        assertThat(origin.requestCount("/objects/sib-from-a")).isEqualTo(2);
    }

    @Test
    void aSiblingsCopyFilledBeforeAPurgeAppliedHere_isRefused_andTheOriginAsked() {
        String path = "/objects/sib-purged?size=2k&cc=max-age%3D600&sk=sib-campaign";
        get(a, path);
        // the purge reached b but not a (no purge log here): a's copy predates it
        HybridLogicalClock clockB = b.context.getBean(HybridLogicalClock.class);
        long purgedAt = clockB.update(a.context.getBean(HybridLogicalClock.class).now() + (5_000L << 16));
        b.context.getBean(ResponseCache.class).purge(new PurgeTarget.Tag("sib-campaign"), PurgeMode.HARD, purgedAt);
        long purgedBefore = sibling(b, "a", ShieldMetrics.SiblingOutcome.PURGED);

        RawConnection.Response inB = get(b, path);

        assertThat(inB.status()).isEqualTo(200);
        assertThat(sibling(b, "a", ShieldMetrics.SiblingOutcome.PURGED)).isEqualTo(purgedBefore + 1);
        assertThat(origin.requestCount("/objects/sib-purged")).isEqualTo(2);
        assertThat(inB.field("Cache-Status")).startsWith("b-1; fwd=uri-miss");
    }

    @Test
    void aStaleCopyInASibling_isNotServed_andRevalidationsGoToTheOrigin() {
        String path = "/objects/sib-stale?size=2k&cc=max-age%3D0&etag=s1";
        get(a, path);
        long missesBefore = sibling(b, "a", ShieldMetrics.SiblingOutcome.MISS);

        RawConnection.Response first = get(b, path);
        RawConnection.Response revalidated = get(b, path);

        assertThat(first.status()).isEqualTo(200);
        assertThat(sibling(b, "a", ShieldMetrics.SiblingOutcome.MISS)).as("a holds it, but stale")
                .isEqualTo(missesBefore + 1);
        assertThat(revalidated.field("Cache-Status")).contains("fwd=stale").contains("fwd-status=304");
        assertThat(sibling(b, "a", ShieldMetrics.SiblingOutcome.MISS)).as("a validation is not asked of a sibling")
                .isEqualTo(missesBefore + 1);
        assertThat(Requests.originRequests(b, "/objects/sib-stale")).hasSize(3);
    }

    @Test
    void onlyIfCached_isAnsweredFromTheStore_evenAfterTheRequestPassedTheCdn() {
        String path = "/objects/sib-only?size=1k&cc=max-age%3D600";
        RawConnection.Response missing = get(a, path, "Cache-Control", "only-if-cached", "CDN-Loop", "geocdn, geocdn");
        get(a, path);
        RawConnection.Response held = get(a, path, "Cache-Control", "only-if-cached", "CDN-Loop", "geocdn, geocdn");

        assertThat(missing.status()).isEqualTo(504);
        assertThat(held.status()).isEqualTo(200);
        assertThat(origin.requestCount("/objects/sib-only")).isEqualTo(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }
}
