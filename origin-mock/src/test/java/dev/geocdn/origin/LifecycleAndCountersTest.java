package dev.geocdn.origin;

import static dev.geocdn.origin.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LifecycleAndCountersTest {

    @Test
    void start_withPortZero_picksAFreePort_andBaseUrlPointsAtIt() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            assertThat(origin.port()).isPositive();
            assertThat(origin.baseUrl()).isEqualTo("http://127.0.0.1:" + origin.port());
            assertThat(new TestHttp(origin).get("/__origin/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void counters_countRequestsInTotalAndByPath_butNotControlPaths() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            TestHttp http = new TestHttp(origin);
            http.get("/objects/a?size=1");
            http.get("/objects/a?size=2");
            http.head("/objects/b");
            http.get("/missing");
            http.get("/__origin/stats");

            assertThat(origin.requestCount()).isEqualTo(4);
            assertThat(origin.requestCount("/objects/a")).isEqualTo(2);
            assertThat(origin.requestCount("/objects/a?size=3")).isEqualTo(2);
            assertThat(origin.requestCount("/objects/b")).isEqualTo(1);
            assertThat(origin.requestCount("/missing")).isEqualTo(1);
            assertThat(origin.requestCount("/never")).isZero();
        }
    }

    @Test
    void requestCount_acceptsThePathEncodedOrNot() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            new TestHttp(origin).get("/objects/a%20b");

            assertThat(origin.requestCount("/objects/a%20b")).isEqualTo(1);
            assertThat(origin.requestCount("/objects/a b")).isEqualTo(1);
        }
    }

    @Test
    void recentRequests_recordMethodUriAndLowerCasedHeaders() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            new TestHttp(origin).get("/objects/rec?size=5", "X-Forwarded-For", "10.0.0.1", "X-Multi", "a");

            RecordedRequest request = origin.recentRequests().getLast();
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.uri()).isEqualTo("/objects/rec?size=5");
            assertThat(request.headers()).containsEntry("x-forwarded-for", java.util.List.of("10.0.0.1"));
            assertThat(request.header("X-Multi")).isEqualTo("a");
            assertThat(request.headers()).containsKey("host");
        }
    }

    @Test
    void recentRequests_keepOnlyTheLastThousand() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            TestHttp http = new TestHttp(origin);
            for (int i = 0; i < 1010; i++) {
                http.head("/objects/n" + i + "?size=0");
            }

            assertThat(origin.recentRequests()).hasSize(1000);
            assertThat(origin.recentRequests().getFirst().uri()).isEqualTo("/objects/n10?size=0");
            assertThat(origin.requestCount()).isEqualTo(1010);
        }
    }

    @Test
    void resetCounters_zeroesEverything() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            TestHttp http = new TestHttp(origin);
            http.get("/objects/a", "If-None-Match", "\"x\"");

            origin.resetCounters();

            assertThat(origin.requestCount()).isZero();
            assertThat(origin.requestCount("/objects/a")).isZero();
            assertThat(origin.conditionalRequestCount()).isZero();
            assertThat(origin.recentRequests()).isEmpty();
        }
    }

    @Test
    void statsEndpoint_reportsTotalAndByPath_andResetEndpointClearsThem() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            TestHttp http = new TestHttp(origin);
            http.get("/objects/a");
            http.get("/objects/a");
            http.get("/dynamic");

            HttpResponse<byte[]> stats = http.get("/__origin/stats");
            assertThat(stats.statusCode()).isEqualTo(200);
            assertThat(text(stats)).isEqualTo("{\"total\":3,\"conditional\":0,\"byPath\":{\"/dynamic\":1,\"/objects/a\":2}}");

            assertThat(http.get("/__origin/reset").statusCode()).isEqualTo(405);
            assertThat(http.send("POST", "/__origin/reset", new byte[0]).statusCode()).isEqualTo(204);
            assertThat(text(http.get("/__origin/stats"))).isEqualTo("{\"total\":0,\"conditional\":0,\"byPath\":{}}");
        }
    }

    @Test
    void stop_refusesNewConnections_andRestartListensOnTheSamePort() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            int port = origin.port();
            assertThat(new TestHttp(origin).get("/objects/up").statusCode()).isEqualTo(200);

            origin.stop();

            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> new TestHttp(origin).get("/objects/down"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(ConnectException.class);

            origin.restart();

            assertThat(origin.port()).isEqualTo(port);
            assertThat(new TestHttp(origin).get("/objects/up-again").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void stop_closesOpenKeepAliveConnections() throws IOException {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
             Socket socket = new Socket("127.0.0.1", origin.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /objects/k?size=3 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = readResponseWithBody(in, 3);
            assertThat(response).startsWith("HTTP/1.1 200");

            origin.stop();

            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void stopAndRestart_areIdempotent_andCountersSurvive() {
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults())) {
            new TestHttp(origin).get("/objects/a");
            origin.stop();
            origin.stop();
            origin.restart();
            origin.restart();

            assertThat(new TestHttp(origin).get("/objects/a").statusCode()).isEqualTo(200);
            assertThat(origin.requestCount("/objects/a")).isEqualTo(2);
        }
    }

    @Test
    void close_isFinal() {
        OriginMock origin = OriginMock.start(OriginMockConfig.defaults());
        origin.close();

        assertThatThrownBy(origin::restart).isInstanceOf(IllegalStateException.class);
        origin.close();
    }

    @Test
    void start_onAFixedPort_bindsThatPort() throws IOException {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (OriginMock origin = OriginMock.start(OriginMockConfig.defaults().withPort(port))) {
            assertThat(origin.port()).isEqualTo(port);
            assertThat(new TestHttp(origin).get("/objects/fixed").statusCode()).isEqualTo(200);
        }
    }

    private static String readResponseWithBody(InputStream in, int bodyLength) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        text.append(new String(in.readNBytes(bodyLength), StandardCharsets.ISO_8859_1));
        return text.toString();
    }
}
