package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile or broken client sends, over raw sockets: slow heads, idle connections, many
 * fields, target and method overrides, other HTTP versions and smuggling attempts each get a
 * clear 4xx/5xx (or a closed connection) without reaching the origin, and never change what is
 * cached for others.
 */
class HostileInputTest {

    static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start("cdn.edge.request-head-timeout=1s", "cdn.edge.keep-alive-timeout=1500ms",
                "cdn.edge.max-header-fields=50");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static RawConnection connect() throws IOException {
        return new RawConnection(node.port(), Duration.ofSeconds(10));
    }

    private static RawConnection.Response exchange(String request) throws IOException {
        try (RawConnection connection = connect()) {
            return connection.send(request).readUntilFinal(false).getLast();
        }
    }

    private static String host() {
        return "Host: 127.0.0.1:" + node.port() + "\r\n";
    }

    @Test
    void aHeadSentSlowly_getsA408_andTheConnectionCloses() throws IOException {
        long start = System.nanoTime();
        try (RawConnection connection = connect()) {
            connection.send("GET /objects/hi-slow HTTP/1.1\r\n" + host());
            // one more field byte every 200 ms: each resets a read-idle timer, never the head's clock
            RawConnection.Response response = null;
            for (int i = 0; i < 40 && response == null; i++) {
                try {
                    connection.send("X");
                } catch (IOException closed) {
                    break;
                }
                response = connection.pollFinal(Duration.ofMillis(200));
            }
            assertThat(response).as("a response before the connection closed").isNotNull();
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.field("Connection")).isEqualToIgnoringCase("close");
            assertThat(connection.closedByPeer()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(node.origin.requestCount("/objects/hi-slow")).isZero();
    }

    @Test
    void aHeadThatArrivesInTime_isServed_evenOnAConnectionOpenLongerThanTheTimeout() throws IOException {
        try (RawConnection connection = connect()) {
            for (int i = 0; i < 3; i++) {
                RawConnection.Response response = connection
                        .send("GET /objects/hi-steady-" + i + "?size=3 HTTP/1.1\r\n" + host() + "\r\n")
                        .readUntilFinal(false).getLast();
                assertThat(response.status()).isEqualTo(200);
                Requests.pause(600); // idle between requests: the keep-alive bound applies, not the head's
            }
        }
    }

    @Test
    void anIdleKeepAliveConnection_isClosedAfterTheKeepAliveTimeout() throws IOException {
        try (RawConnection connection = connect()) {
            RawConnection.Response response = connection
                    .send("GET /objects/hi-idle?size=3 HTTP/1.1\r\n" + host() + "\r\n").readUntilFinal(false).getLast();
            assertThat(response.status()).isEqualTo(200);
            long idleSince = System.nanoTime();

            assertThat(connection.closedByPeer()).isTrue();

            assertThat(Duration.ofNanos(System.nanoTime() - idleSince))
                    .isGreaterThan(Duration.ofMillis(1000)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void manySmallHeaderFields_are431() throws IOException {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            fields.append("X-F").append(i).append(": v\r\n");
        }
        RawConnection.Response response = exchange("GET /objects/hi-many HTTP/1.1\r\n" + host() + fields + "\r\n");

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.bodyText()).contains("more than 50 header fields");
        assertThat(Requests.looksLikeStackTrace(response.bodyText())).isFalse();
        assertThat(node.origin.requestCount("/objects/hi-many")).isZero();
    }

    @Test
    void fieldsWithinTheCount_areServed() throws IOException {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            fields.append("X-F").append(i).append(": v\r\n");
        }
        assertThat(exchange("GET /objects/hi-some?size=2 HTTP/1.1\r\n" + host() + fields + "\r\n").status())
                .isEqualTo(200);
    }

    @Test
    void targetAndMethodOverrides_neverReachTheOrigin_norChangeWhatIsCached() throws IOException {
        RawConnection.Response poisoned = exchange("GET /objects/hi-override?size=8&cc=max-age%3D60 HTTP/1.1\r\n"
                + host() + "X-Original-URL: /objects/other?size=99\r\nX-Rewrite-URL: /admin\r\n"
                + "X-HTTP-Method-Override: DELETE\r\nX-Forwarded-Prefix: /evil\r\n\r\n");

        assertThat(poisoned.status()).isEqualTo(200);
        assertThat(poisoned.body()).hasSize(8);
        dev.geocdn.origin.RecordedRequest seen = Requests.originRequests(node, "/objects/hi-override").getLast();
        for (String name : List.of("X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override", "X-Forwarded-Prefix")) {
            assertThat(seen.header(name)).as(name).isNull();
        }
    }

    @Test
    void aMethodOverrideOnAPassThrough_isRemovedToo() throws IOException {
        RawConnection.Response response = exchange("POST /echo/hi-pass HTTP/1.1\r\n" + host()
                + "X-HTTP-Method-Override: DELETE\r\nContent-Length: 2\r\n\r\nhi");

        assertThat(response.status()).isEqualTo(200);
        assertThat(Requests.originRequests(node, "/echo/hi-pass").getLast().header("X-HTTP-Method-Override")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/2.0", "HTTP/3.0", "HTTP/0.9"})
    void anotherMajorVersion_is505(String version) throws IOException {
        RawConnection.Response response = exchange("GET /objects/hi-version " + version + "\r\n" + host() + "\r\n");

        assertThat(response.status()).isEqualTo(505);
        assertThat(node.origin.requestCount("/objects/hi-version")).isZero();
    }

    @Test
    void aHigherMinorVersion_isServedAsHttp11() throws IOException {
        RawConnection.Response response = exchange("GET /objects/hi-minor?size=4 HTTP/1.2\r\n" + host() + "\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.version()).isEqualTo("HTTP/1.1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
            "Content-Length: 5\r\nContent-Length: 6\r\n",
            "Content-Length: 5, 6\r\n",
            "Transfer-Encoding: gzip\r\n",
            "Transfer-Encoding: chunked, identity\r\n",
            "Content-Length : 5\r\n",
            "Content-Length: +5\r\n",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n"})
    void framingThatCouldSmuggleARequest_is400(String framing) throws IOException {
        String id = Integer.toHexString(framing.hashCode());
        RawConnection.Response response = exchange("POST /echo/hi-smuggle-" + id + " HTTP/1.1\r\n" + host() + framing
                + "\r\n0\r\n\r\nGET /objects/hi-smuggled-" + id + " HTTP/1.1\r\n" + host() + "\r\n");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.field("Connection")).isEqualToIgnoringCase("close");
        assertThat(node.origin.requestCount("/echo/hi-smuggle-" + id)).isZero();
        assertThat(node.origin.requestCount("/objects/hi-smuggled-" + id)).isZero();
    }
}
