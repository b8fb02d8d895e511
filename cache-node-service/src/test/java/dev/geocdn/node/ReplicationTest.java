package dev.geocdn.node;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeTarget;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.peers.InterRegionTraffic;
import dev.geocdn.node.replication.ReplicationMetrics;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replication between two real nodes of two regions over sockets: node a pushes what it stores
 * under /objects/hot/ (every object) and under /objects/popular/ (objects asked for often), node
 * b takes offers, pulls only what it lacks, refuses what a purge here covers, and answers only
 * the cluster's credential; text crosses gzipped, images as they are.
 */
class ReplicationTest {

    private static final String SECRET = "cluster-secret-for-tests";
    private OriginMock origin;
    private NodeFixture a;
    private NodeFixture b;

    @BeforeEach
    void start() throws IOException {
        origin = OriginMock.start(OriginMockConfig.defaults());
        int portA = freePort();
        int portB = freePort();
        b = NodeFixture.start(origin, false, "server.port=" + portB, "cdn.region=b", "cdn.node-id=b-1",
                "cdn.peers.secret=" + SECRET, "cdn.peers.regions.a.nodes[0].id=a-1",
                "cdn.peers.regions.a.nodes[0].url=http://127.0.0.1:" + portA);
        a = NodeFixture.start(origin, false, "server.port=" + portA, "cdn.region=a", "cdn.node-id=a-1",
                "cdn.peers.secret=" + SECRET, "cdn.peers.regions.b.nodes[0].id=b-1",
                "cdn.peers.regions.b.nodes[0].url=http://127.0.0.1:" + portB,
                "cdn.replication.rules[0].paths=/objects/hot/**", "cdn.replication.rules[0].mode=push-all",
                "cdn.replication.rules[1].paths=/objects/popular/**", "cdn.replication.rules[1].mode=push-popular",
                "cdn.replication.popular-threshold=3");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        origin.close();
    }

    /** The key node b stores a path of node a's clients under (the Host they sent). */
    private String keyAtA(String path) {
        return "http://127.0.0.1:" + a.port() + path;
    }

    private boolean bHolds(String path) {
        return b.context.getBean(ResponseCache.class).lookup(keyAtA(path), Headers.EMPTY).isHit();
    }

    private long received(String reason) {
        return b.context.getBean(InterRegionTraffic.class).totals().entrySet().stream()
                .filter(e -> e.getKey().reason().name().equalsIgnoreCase(reason))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }

    private ReplicationMetrics sent() {
        return a.context.getBean(ReplicationMetrics.class);
    }

    @Test
    void everyObjectStoredUnderAPushAllPath_reachesThePeer_gzippedWhenItIsText() {
        String text = "/objects/hot/app.js?size=64k&cc=max-age%3D600&ct=application/javascript";
        assertThat(a.get(text).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> bHolds(text));
        assertThat(origin.requestCount("/objects/hot/app.js")).isEqualTo(1);
        assertThat(received("replication")).as("64 KiB of text, gzipped").isLessThan(32 * 1024);
        ResponseCache atB = b.context.getBean(ResponseCache.class);
        assertThat(atB.lookup(keyAtA(text), Headers.EMPTY).response().body().length()).isEqualTo(64 * 1024);

        String image = "/objects/hot/photo.jpg?size=64k&cc=max-age%3D600&ct=image/jpeg";
        long before = received("replication");
        a.get(image);
        await().atMost(Duration.ofSeconds(10)).until(() -> bHolds(image));
        assertThat(received("replication") - before).as("an image crosses as it is").isGreaterThan(64 * 1024);
    }

    @Test
    void aPeerThatHoldsTheVersionOrALaterOne_pullsNothing() {
        String path = "/objects/hot/held?size=16k&cc=max-age%3D600&etag=%22h1%22";
        a.get(path);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent().offers("b", "stored") == 1);
        long pulled = received("replication");
        long filledAt = b.context.getBean(ResponseCache.class).lookup(keyAtA(path), Headers.EMPTY).response().filledAt();

        for (long offered : new long[]{filledAt, filledAt - (1000L << 16)}) { // the same version, an older one
            HttpResponse<byte[]> answer = b.send("POST", "/.well-known/geocdn/replica", "Authorization", "Bearer " + SECRET,
                    "X-GeoCDN-Replica-Key", keyAtA(path), "X-GeoCDN-Replica-Source", "a/a-1",
                    "X-GeoCDN-Filled-At", dev.geocdn.node.shield.TierFields.format(offered));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-GeoCDN-Replica-Outcome")).hasValue("held");
        }
        // a later fill of the same representation (same strong validator): nothing new to pull either
        HttpResponse<byte[]> same = b.send("POST", "/.well-known/geocdn/replica", "Authorization", "Bearer " + SECRET,
                "X-GeoCDN-Replica-Key", keyAtA(path), "X-GeoCDN-Replica-Source", "a/a-1",
                "X-GeoCDN-Filled-At", dev.geocdn.node.shield.TierFields.format(filledAt + (1000L << 16)),
                "X-GeoCDN-Replica-Validator", "\"h1\"");
        assertThat(same.headers().firstValue("X-GeoCDN-Replica-Outcome")).hasValue("held");
        assertThat(received("replication")).as("no body pulled for an offer refused as held").isEqualTo(pulled);
    }

    @Test
    void anOfferForAKeyThePeerIsFillingNow_isHeld_andPullsNothing() throws Exception {
        String path = "/objects/hot/filling?size=8k&cc=max-age%3D600&delay=1500";
        try (RawConnection client = new RawConnection(b.port(), Duration.ofSeconds(10))) {
            // a client of b asks for the same URL (same Host) as a's clients: b's fill waits on the slow origin
            client.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + a.port() + "\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> origin.requestCount("/objects/hot/filling") == 1);

            HttpResponse<byte[]> answer = b.send("POST", "/.well-known/geocdn/replica", "Authorization", "Bearer " + SECRET,
                    "X-GeoCDN-Replica-Key", keyAtA(path), "X-GeoCDN-Replica-Source", "a/a-1",
                    "X-GeoCDN-Filled-At", dev.geocdn.node.shield.TierFields.format(
                            a.context.getBean(HybridLogicalClock.class).now()));

            assertThat(answer.headers().firstValue("X-GeoCDN-Replica-Outcome")).hasValue("held");
            assertThat(client.readUntilFinal(false).getLast().status()).isEqualTo(200);
        }
        assertThat(received("replication")).as("the fill brings the copy; no body pulled").isZero();
    }

    @Test
    void aPeerThatAppliedAPurgeSinceTheFill_refusesTheOffer_withoutPulling() {
        String path = "/objects/hot/purged?size=4k&cc=max-age%3D600&sk=campaign";
        HybridLogicalClock clockB = b.context.getBean(HybridLogicalClock.class);
        // the purge reached b first; a has not applied it (no purge log here) and fills an old copy
        long fillStart = a.context.getBean(HybridLogicalClock.class).now();
        b.context.getBean(ResponseCache.class).purge(new PurgeTarget.Tag("campaign"), PurgeMode.HARD,
                clockB.update(fillStart + (5_000L << 16)));
        a.get(path);

        await().atMost(Duration.ofSeconds(10)).until(() -> sent().offers("b", "purged") == 1);
        assertThat(bHolds(path)).isFalse();
        assertThat(received("replication")).isZero();
    }

    @Test
    void anObjectAskedForOftenUnderAPushPopularPath_isOffered_onceItIsPopular() {
        String path = "/objects/popular/p?size=2k&cc=max-age%3D600";
        a.get(path);
        a.get(path);
        assertThat(bHolds(path)).as("two requests: not popular yet").isFalse();
        a.get(path);

        await().atMost(Duration.ofSeconds(10)).until(() -> bHolds(path));
        assertThat(sent().offers("b", "stored")).isEqualTo(1);
        assertThat(origin.requestCount("/objects/popular/p")).isEqualTo(1);
    }

    @Test
    void theReplicaPath_answersOnlyTheClustersCredential() {
        HttpResponse<byte[]> none = b.send("POST", "/.well-known/geocdn/replica");
        HttpResponse<byte[]> wrong = b.send("POST", "/.well-known/geocdn/replica", "Authorization", "Bearer nope");
        HttpResponse<byte[]> bad = b.send("POST", "/.well-known/geocdn/replica", "Authorization", "Bearer " + SECRET,
                "X-GeoCDN-Replica-Key", "not-a-url");
        HttpResponse<byte[]> put = b.send("PUT", "/.well-known/geocdn/replica", "Authorization", "Bearer " + SECRET);
        HttpResponse<byte[]> missing = b.get("/.well-known/geocdn/replica?key=http%3A%2F%2Fx%2Fy",
                "Authorization", "Bearer " + SECRET);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new String(bad.body(), StandardCharsets.UTF_8)).contains("X-GeoCDN-Replica-Key");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(origin.requestCount("/.well-known/geocdn/replica")).as("never the origin's").isZero();
    }

    @Test
    void withoutACredential_theReplicaPathIsNotThere() {
        try (NodeFixture plain = NodeFixture.start()) {
            assertThat(plain.send("POST", "/.well-known/geocdn/replica", "Authorization", "Bearer x").statusCode())
                    .isEqualTo(404);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }
}
