package dev.geocdn.node;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An origin that sends interim responses (RFC 9110 section 15.2: 103 Early Hints, 102
 * Processing, 100 Continue) before its final response: the final one is the response, handled
 * as usual; a 103 reaches HTTP/1.1 clients ahead of it; nothing interim is stored.
 */
class InterimResponseTest {

    static NodeFixture node;
    /** A node with {@code cdn.edge.early-hints=false}, in front of the same origin. */
    static NodeFixture quiet;

    @BeforeAll
    static void start() {
        node = NodeFixture.start();
        quiet = NodeFixture.start(node.origin, false, "cdn.edge.early-hints=false");
    }

    @AfterAll
    static void stop() {
        quiet.close();
        node.close();
    }

    private static String get(String pathAndQuery, String version) {
        return "GET " + pathAndQuery + " " + version + "\r\nHost: 127.0.0.1:" + node.port() + "\r\n\r\n";
    }

    private static List<RawConnection.Response> exchange(String request) throws IOException {
        try (RawConnection connection = new RawConnection(node.port(), Duration.ofSeconds(10))) {
            return connection.send(request).readUntilFinal(request.startsWith("HEAD"));
        }
    }

    private static List<Integer> statuses(List<RawConnection.Response> responses) {
        return responses.stream().map(RawConnection.Response::status).toList();
    }

    @Test
    void aMiss_forwardsTheEarlyHints_thenStoresAndServesTheFinalResponse() throws IOException {
        String path = "/objects/ir-miss?size=10&cc=max-age%3D60&interim=103,102,100";

        List<RawConnection.Response> first = exchange(get(path, "HTTP/1.1"));

        assertThat(statuses(first)).containsExactly(103, 200);
        assertThat(first.getFirst().field("Link")).isEqualTo("</style.css>; rel=preload; as=style");
        RawConnection.Response fin = first.getLast();
        assertThat(fin.body()).hasSize(10);
        assertThat(fin.field("Cache-Status")).contains("fwd=uri-miss").contains("stored");
        assertThat(fin.field("X-Interim")).isNull();

        List<RawConnection.Response> second = exchange(get(path, "HTTP/1.1"));

        assertThat(statuses(second)).containsExactly(200);
        assertThat(second.getFirst().field("Cache-Status")).contains("hit");
        assertThat(second.getFirst().field("Link")).isNull();
        assertThat(second.getFirst().field("X-Interim")).isNull();
        assertThat(second.getFirst().body()).isEqualTo(fin.body());
        assertThat(node.origin.requestCount("/objects/ir-miss")).isEqualTo(1);
    }

    @RepeatedTest(8)
    void theConnection_carriesTheNextRequestAfterAnInterimResponse(RepetitionInfo repetition)
            throws IOException {
        int n = repetition.getCurrentRepetition();
        try (RawConnection connection = new RawConnection(node.port(), Duration.ofSeconds(10))) {
            List<RawConnection.Response> first = connection
                    .send(get("/objects/ir-keepalive-a" + n + "?size=5&cc=max-age%3D60&interim=103", "HTTP/1.1"))
                    .readUntilFinal(false);
            List<RawConnection.Response> second = connection
                    .send(get("/objects/ir-keepalive-b" + n + "?size=7&cc=max-age%3D60&interim=102", "HTTP/1.1"))
                    .readUntilFinal(false);

            assertThat(statuses(first)).containsExactly(103, 200);
            assertThat(statuses(second)).containsExactly(200);
            assertThat(second.getLast().body()).hasSize(7);
        }
    }

    @Test
    void anHttp10Client_neverGetsAnInterimResponse() throws IOException {
        List<RawConnection.Response> responses = exchange(get("/objects/ir-http10?size=4&cc=max-age%3D60&interim=103",
                "HTTP/1.0"));

        assertThat(statuses(responses)).containsExactly(200);
        assertThat(responses.getFirst().body()).hasSize(4);
    }

    @Test
    void aRevalidation_answeredWithInterimResponsesThen304_freshensTheStoredResponse() throws IOException {
        String path = "/objects/ir-reval?size=6&cc=max-age%3D0&etag=v1&interim=103";
        exchange(get(path, "HTTP/1.1"));

        List<RawConnection.Response> again = exchange(get(path, "HTTP/1.1"));

        assertThat(statuses(again)).containsExactly(103, 200);
        assertThat(again.getLast().field("Cache-Status")).contains("fwd=stale").contains("fwd-status=304");
        assertThat(again.getLast().body()).hasSize(6);
        List<dev.geocdn.origin.RecordedRequest> requests = Requests.originRequests(node, "/objects/ir-reval");
        assertThat(requests).hasSize(2);
        assertThat(requests.getLast().header("If-None-Match")).isNotNull();
    }

    @Test
    void aPassThrough_getsTheEarlyHintsAndTheFinalResponse() throws IOException {
        String body = "{\"a\":1}";
        List<RawConnection.Response> responses = exchange("POST /echo/ir-pass?interim=103,100 HTTP/1.1\r\nHost: 127.0.0.1:"
                + node.port() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

        assertThat(statuses(responses)).containsExactly(103, 200);
        assertThat(responses.getLast().field("Cache-Status")).contains("fwd=method").contains("fwd-status=200");
        assertThat(responses.getLast().bodyText()).contains("POST");
    }

    @Test
    void aHead_getsTheFinalHeadAfterTheInterimResponses() throws IOException {
        List<RawConnection.Response> responses = exchange("HEAD /objects/ir-head?size=9&cc=max-age%3D60&interim=102 HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + node.port() + "\r\n\r\n");

        assertThat(statuses(responses)).containsExactly(200);
        assertThat(responses.getLast().field("Content-Length")).isEqualTo("9");
    }

    @Test
    void withEarlyHintsOff_theClientGetsOnlyTheFinalResponse() throws IOException {
        try (RawConnection connection = new RawConnection(quiet.port(), Duration.ofSeconds(10))) {
            List<RawConnection.Response> responses = connection
                    .send("GET /objects/ir-off?size=3&cc=max-age%3D60&interim=103 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .readUntilFinal(false);

            assertThat(statuses(responses)).containsExactly(200);
            assertThat(responses.getFirst().field("Link")).isNull();
            assertThat(responses.getFirst().body()).hasSize(3);
        }
    }

    @Test
    void requestsCollapsedOntoOneFill_allGetTheFinalResponse_fromOneOriginRequest() throws Exception {
        String request = get("/objects/ir-collapse?size=12&cc=max-age%3D60&interim=103&delay=300", "HTTP/1.1");
        List<java.util.concurrent.CompletableFuture<List<RawConnection.Response>>> clients = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return exchange(request);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }

        for (var client : clients) {
            List<RawConnection.Response> responses = client.get(15, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(responses.getLast().status()).isEqualTo(200);
            assertThat(responses.getLast().body()).hasSize(12);
            assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(103, 200));
        }
        assertThat(node.origin.requestCount("/objects/ir-collapse")).isEqualTo(1);
    }
}
