package dev.geocdn.node;

import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.origin.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8586 over real sockets: the node names itself in {@code CDN-Loop} on what it sends to the
 * origin, refuses with 508 a request that has already passed it, and so turns an origin that
 * points back at the node into one refused request instead of a wait for timeouts.
 */
class CdnLoopTest {

    @Test
    void fillsNameTheCdn_afterWhatTheRequestCarried_andARequestThatPassedItIsRefused() {
        try (NodeFixture node = NodeFixture.start()) {
            assertThat(node.get("/objects/loop-a?size=10&cc=max-age%3D60").statusCode()).isEqualTo(200);
            assertThat(node.get("/objects/loop-b?size=10&cc=max-age%3D60", "CDN-Loop", "other-cdn; v=1").statusCode())
                    .isEqualTo(200);
            HttpResponse<byte[]> looped = node.get("/objects/loop-c?size=10&cc=max-age%3D60", "CDN-Loop",
                    "other-cdn, GeoCDN");

            assertThat(Requests.originRequests(node, "/objects/loop-a")).extracting(r -> r.header("CDN-Loop"))
                    .containsExactly("geocdn");
            assertThat(Requests.originRequests(node, "/objects/loop-b")).extracting(r -> r.header("CDN-Loop"))
                    .containsExactly("other-cdn; v=1, geocdn");
            assertThat(looped.statusCode()).isEqualTo(508);
            assertThat(new String(looped.body(), StandardCharsets.UTF_8)).contains("loop detected").contains("CDN-Loop");
            assertThat(node.origin.requestCount("/objects/loop-c")).isZero();
        }
    }

    @Test
    void aNodeWhoseOriginIsItself_answers508_atOnce() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (OriginMock unused = OriginMock.start(OriginMockConfig.defaults());
             NodeFixture node = NodeFixture.start(unused, false, "server.port=" + port,
                     "cdn.origin.url=http://127.0.0.1:" + port)) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = node.get("/objects/self?size=10");

            assertThat(response.statusCode()).isEqualTo(508);
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms, far below any timeout").isLessThan(5_000);
            List<RecordedRequest> atTheMock = unused.recentRequests();
            assertThat(atTheMock).isEmpty();
        }
    }
}
