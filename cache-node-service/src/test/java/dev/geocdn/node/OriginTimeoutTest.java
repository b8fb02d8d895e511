package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.geocdn.node.NodeFixture.cacheStatus;
import static dev.geocdn.node.Requests.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An origin that accepts connections and never answers: the node gives up after
 * {@code cdn.origin.response-timeout}, answers 504, or the stale copy where stale-if-error
 * allows (RFC 5861 section 4).
 */
class OriginTimeoutTest {

    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start("cdn.origin.response-timeout=400ms",
                "cdn.origin.breaker.minimum-calls=1000", "cdn.origin.breaker.sliding-window-size=1000");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void silentOrigin_givesStaleCopyWhereAllowed_and504Otherwise() throws Exception {
        String stalePath = "/objects/to-stale?size=500&age=1&cc=" + enc("max-age=2, stale-if-error=600");
        HttpResponse<byte[]> stored = node.get(stalePath);
        assertThat(cacheStatus(stored)).contains("stored");
        Requests.pause(1100); // Age 1 of a 2 s lifetime: stale once this second has passed

        try (SilentServer silent = SilentServer.replacing(node)) {
            HttpResponse<byte[]> stale = node.get(stalePath);
            HttpResponse<byte[]> miss = node.get("/objects/to-miss?size=500&cc=max-age%3D60");

            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(stale.body()).isEqualTo(stored.body());
            assertThat(cacheStatus(stale)).contains("fwd=stale").contains("detail=stale-if-error");
            assertThat(miss.statusCode()).isEqualTo(504);
            assertThat(cacheStatus(miss)).contains("detail=origin-timeout");
            assertThat(new String(miss.body())).doesNotContain("Exception");
            assertThat(silent.accepted).isNotEmpty();
        }
    }

    /** Listens on the origin's port, accepts connections and never writes a byte. */
    static final class SilentServer implements AutoCloseable {
        final ServerSocket socket;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final NodeFixture node;
        final Thread acceptor;

        private SilentServer(NodeFixture node) throws IOException {
            this.node = node;
            node.origin.stop();
            socket = new ServerSocket(node.origin.port(), 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (!socket.isClosed()) {
                        accepted.add(socket.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        static SilentServer replacing(NodeFixture node) throws IOException {
            return new SilentServer(node);
        }

        @Override
        public void close() throws IOException {
            // stop accepting first, so that no connection is accepted after the resets below; then
            // reset rather than close, so that no TIME_WAIT keeps the origin from binding the port again
            socket.close();
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Socket s : accepted) {
                s.setSoLinger(true, 0);
                s.close();
            }
            node.origin.restart();
        }
    }
}
