package dev.geocdn.node;

import dev.geocdn.node.shield.ShieldMetrics;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tiered fill between two real nodes over sockets: a child node asks its parent region's node
 * before the origin, falls back to the origin when the parent fails, is slow or is gone, never
 * lets a request climb more than one tier (even when two regions name each other as parent), and
 * gives tier treatment (every field, the fill time) only to the CDN's own peers.
 */
class ShieldTest {

    static String[] childOf(NodeFixture parent, String... more) {
        String[] base = {"cdn.region=child", "cdn.node-id=child-1", "cdn.shield.rules[0].region=parent",
                "cdn.peers.regions.parent.nodes[0].id=parent-1",
                "cdn.peers.regions.parent.nodes[0].url=http://127.0.0.1:" + parent.port(),
                "cdn.peers.regions.parent.nodes[0].management=http://127.0.0.1:" + parent.managementPort()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static long shield(NodeFixture node, String parentRegion, ShieldMetrics.Outcome outcome) {
        return node.context.getBean(ShieldMetrics.class).count(parentRegion, outcome);
    }

    @Test
    void aChildFillsFromItsParent_whichKeepsTheCopy_andTagsReachTheChild() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
             NodeFixture parent = NodeFixture.start(origin, false, "cdn.region=parent", "cdn.node-id=parent-1");
             NodeFixture child = NodeFixture.start(origin, false, childOf(parent))) {
            String path = "/objects/tiered?size=2k&cc=max-age%3D600&sk=t1";

            HttpResponse<byte[]> first = child.get(path);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(NodeFixture.cacheStatus(first))
                    .matches("parent-1; fwd=uri-miss; fwd-status=200; ttl=\\d+; stored, child-1; fwd=uri-miss; .*");
            assertThat(first.headers().firstValue("X-GeoCDN-Filled-At")).isEmpty();
            assertThat(first.headers().firstValue("Surrogate-Key")).as("still stripped for clients").isEmpty();
            assertThat(origin.requestCount("/objects/tiered")).isEqualTo(1);
            assertThat(shield(child, "parent", ShieldMetrics.Outcome.ANSWERED)).isEqualTo(1);
            // the child kept the tags the parent passed on: a purge by tag can find its copy
            assertThat(child.context.getBean(dev.geocdn.cache.store.ResponseCache.class)
                    .lookup("http://127.0.0.1:" + child.port() + path, dev.geocdn.cache.http.Headers.EMPTY)
                    .response().surrogateKeys().contains("t1")).isTrue();
        }
    }

    @Test
    void aParentThatFails_isSkippedForTheOrigin() throws IOException {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
             NodeFixture parent = NodeFixture.start(origin, false, "cdn.region=parent", "cdn.node-id=parent-1",
                     "cdn.origin.url=http://127.0.0.1:" + deadPort());
             NodeFixture child = NodeFixture.start(origin, false, childOf(parent))) {
            HttpResponse<byte[]> response = child.get("/objects/parent-fails?size=100&cc=max-age%3D600");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(NodeFixture.cacheStatus(response)).startsWith("child-1; fwd=uri-miss");
            assertThat(shield(child, "parent", ShieldMetrics.Outcome.FAILED)).isEqualTo(1);
            assertThat(origin.requestCount("/objects/parent-fails")).isEqualTo(1);
        }
    }

    @Test
    void aSlowParent_isSkippedAfterItsTimeout() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
             NodeFixture parent = NodeFixture.start(origin, false, "cdn.region=parent", "cdn.node-id=parent-1");
             NodeFixture child = NodeFixture.start(origin, false,
                     childOf(parent, "cdn.peers.response-timeout=300ms"))) {
            long start = System.nanoTime();
            // the parent waits 2 s for the origin; the child gives it 300 ms, then asks the origin itself
            HttpResponse<byte[]> response = child.get("/objects/slow-parent?size=100&cc=max-age%3D600&delay=2000");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(shield(child, "parent", ShieldMetrics.Outcome.UNREACHABLE)).isEqualTo(1);
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms: timeout plus the origin's own delay")
                    .isLessThan(2_000 + 300 + 1_500);
        }
    }

    @Test
    void aParentThatIsGone_isSkipped() throws IOException {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
             NodeFixture child = NodeFixture.start(origin, false, "cdn.region=child", "cdn.node-id=child-1",
                     "cdn.shield.rules[0].region=parent", "cdn.peers.regions.parent.nodes[0].id=parent-1",
                     "cdn.peers.regions.parent.nodes[0].url=http://127.0.0.1:" + deadPort())) {
            HttpResponse<byte[]> response = child.get("/objects/no-parent?size=100&cc=max-age%3D600");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(shield(child, "parent", ShieldMetrics.Outcome.UNREACHABLE)).isEqualTo(1);
        }
    }

    @Test
    void twoRegionsThatNameEachOtherAsParent_neverLoop() throws IOException {
        int portA = freePort();
        int portB = freePort();
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
             NodeFixture a = NodeFixture.start(origin, false, "server.port=" + portA, "cdn.region=a", "cdn.node-id=a-1",
                     "cdn.shield.rules[0].region=b", "cdn.peers.regions.b.nodes[0].id=b-1",
                     "cdn.peers.regions.b.nodes[0].url=http://127.0.0.1:" + portB);
             NodeFixture b = NodeFixture.start(origin, false, "server.port=" + portB, "cdn.region=b", "cdn.node-id=b-1",
                     "cdn.shield.rules[0].region=a", "cdn.peers.regions.a.nodes[0].id=a-1",
                     "cdn.peers.regions.a.nodes[0].url=http://127.0.0.1:" + portA)) {
            HttpResponse<byte[]> response = a.get("/objects/mutual?size=100&cc=max-age%3D600");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(NodeFixture.cacheStatus(response)).matches("b-1; fwd=uri-miss; .*, a-1; fwd=uri-miss; .*");
            assertThat(origin.requestCount("/objects/mutual")).isEqualTo(1);
            assertThat(shield(b, "a", ShieldMetrics.Outcome.ANSWERED) + shield(b, "a", ShieldMetrics.Outcome.UNREACHABLE))
                    .as("b sent the tier request to the origin, not back to a").isZero();
            // and what reaches the origin names the CDN twice: child and parent
            assertThat(Requests.originRequests(a, "/objects/mutual")).extracting(r -> r.header("CDN-Loop"))
                    .containsExactly("geocdn, geocdn");
        }
    }

    @Test
    void aTierRequestMayPassTheCdnOnceMoreThanAClients_andNoMore() {
        try (NodeFixture node = NodeFixture.start()) {
            // misses each: a hit is answered whatever the field says, as it cannot loop
            assertThat(node.get("/objects/tier-loop-a?size=10", "X-GeoCDN-Tier", "other", "CDN-Loop", "geocdn")
                    .statusCode()).isEqualTo(200);
            assertThat(node.get("/objects/tier-loop-b?size=10", "CDN-Loop", "geocdn").statusCode()).isEqualTo(508);
            assertThat(node.get("/objects/tier-loop-c?size=10", "X-GeoCDN-Tier", "other", "CDN-Loop", "geocdn, geocdn")
                    .statusCode()).isEqualTo(508);
        }
    }

    @Test
    void onlyTrustedPeersGetTierTreatment() {
        try (NodeFixture trusting = NodeFixture.start();
             NodeFixture wary = NodeFixture.start("cdn.edge.trusted-proxies=10.9.9.0/24")) {
            String path = "/objects/tier-trust?size=10&cc=max-age%3D60&sk=internal-name";
            HttpResponse<byte[]> fromPeer = trusting.get(path, "X-GeoCDN-Tier", "other");
            HttpResponse<byte[]> fromStranger = wary.get(path, "X-GeoCDN-Tier", "other");

            assertThat(fromPeer.headers().firstValue("Surrogate-Key")).hasValue("internal-name");
            assertThat(fromPeer.headers().firstValue("X-GeoCDN-Filled-At")).isPresent();
            assertThat(fromStranger.headers().firstValue("Surrogate-Key")).isEmpty();
            assertThat(fromStranger.headers().firstValue("X-GeoCDN-Filled-At")).isEmpty();
        }
    }

    private static int deadPort() throws IOException {
        return freePort(); // nothing listens on it once the probe socket is closed
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }
}
