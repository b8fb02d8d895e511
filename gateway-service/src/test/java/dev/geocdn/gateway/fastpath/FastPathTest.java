package dev.geocdn.gateway.fastpath;

import dev.geocdn.protocol.topology.RendezvousHasher;
import dev.geocdn.gateway.support.RunningGateway;
import dev.geocdn.gateway.support.Scrape;
import dev.geocdn.origin.OriginMock;
import dev.geocdn.origin.OriginMockConfig;
import dev.geocdn.origin.RecordedRequest;
import dev.geocdn.protocol.topology.Membership;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path against the filter chain, side by side: two regional gateways of the same
 * region (eu: two origin-mocks standing in for nodes, and a dead node on a closed port), one
 * with the fast path (the default) and one with it off. Whatever a client or a node can see
 * must be the same on both; the fast path's request counter shows which requests it took.
 */
class FastPathTest {

    static OriginMock node1;
    static OriginMock node2;
    static String deadUrl;
    static RunningGateway fast;
    static RunningGateway chain;

    @BeforeAll
    static void start() {
        node1 = OriginMock.start(OriginMockConfig.defaults().withPort(0));
        node2 = OriginMock.start(OriginMockConfig.defaults().withPort(0));
        deadUrl = "http://127.0.0.1:" + RunningGateway.closedPort();
        fast = gateway("gw-fast", true);
        chain = gateway("gw-chain", false);
        org.awaitility.Awaitility.await("the fast path in use").until(() -> gauge(fast.scrape(), "geocdn_gateway_fast_path"),
                v -> v != null && v == 1.0);
    }

    private static RunningGateway gateway(String id, boolean fastPath) {
        Map<String, Membership.RegionSpec> regions = Map.of("eu", new Membership.RegionSpec(null, null, List.of(
                node("eu-1", node1.baseUrl()), node("eu-2", node2.baseUrl()), node("eu-dead", deadUrl))));
        List<String> args = new ArrayList<>(List.of("--cdn.gateway.id=" + id, "--cdn.gateway.region=eu",
                "--cdn.gateway.fast-path.enabled=" + fastPath, "--cdn.gateway.failover.response-timeout=700ms",
                // the dead node stays a candidate: its breaker never opens here
                "--cdn.gateway.failover.breaker.minimum-calls=1000", "--cdn.gateway.failover.breaker.sliding-window-size=1000"));
        args.addAll(RunningGateway.regionArgs(regions));
        return RunningGateway.start(args);
    }

    private static Membership.NodeSpec node(String id, String url) {
        return new Membership.NodeSpec(id, URI.create(url), null);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {fast, chain, node1, node2}) {
            if (part != null) {
                part.close();
            }
        }
    }

    /**
     * A path of /objects/ whose first choice among eu's nodes is {@code nodeId}, and whose order
     * of nodes is the same on both gateways (the cache key has the Host, which names each
     * gateway's port).
     */
    private static String pathOwnedBy(String nodeId, String suffix) {
        for (int i = 0; ; i++) {
            String path = "/objects/fp-" + i + suffix;
            List<String> order = ranking(fast, path);
            if (order.get(0).equals(nodeId) && order.equals(ranking(chain, path))) {
                return path;
            }
        }
    }

    private static List<String> ranking(RunningGateway gateway, String path) {
        String key = "http://127.0.0.1:" + gateway.port() + path;
        return RendezvousHasher.rank(key, List.of("eu-1", "eu-2", "eu-dead"), s -> s);
    }

    private static Double gauge(Scrape scrape, String name) {
        List<Scrape.Sample> samples = scrape.select(name);
        return samples.isEmpty() ? null : samples.get(0).value();
    }

    @Test
    void fastPathIsOnByDefaultAndTakesGets() {
        Scrape before = fast.scrape();
        HttpResponse<String> response = fast.get(pathOwnedBy("eu-1", "?size=64&default"));
        assertThat(response.statusCode()).isEqualTo(200);
        Scrape after = fast.scrapeAfter(before, 1);
        assertThat(gauge(after, "geocdn_gateway_fast_path")).isEqualTo(1.0);
        assertThat(after.increase(before, "geocdn_gateway_fast_path_requests_total")).isEqualTo(1.0);
        assertThat(gauge(chain.scrape(), "geocdn_gateway_fast_path")).as("off: no gauge").isNull();
    }

    @Test
    void clientsAndNodesSeeTheSameAsOnTheFilterChain() {
        String path = pathOwnedBy("eu-2", "?size=1000&cc=max-age%3D60&same");
        String[] headers = {"Accept", "text/plain", "X-Custom", "a", "Forwarded", "for=1.2.3.4;proto=https"};
        HttpResponse<String> viaFast = fast.get(path, headers);
        HttpResponse<String> viaChain = chain.get(path, headers);
        RecordedRequest seenFast = last(node1, node2, path, 0);
        assertThat(viaFast.statusCode()).isEqualTo(viaChain.statusCode()).isEqualTo(200);
        assertThat(viaFast.body()).isEqualTo(viaChain.body()).hasSize(1000);
        for (String name : List.of("X-Served-By", "X-GeoCDN-Client-Region", "Content-Length", "Content-Type",
                "Cache-Control", "ETag")) {
            assertThat(viaFast.headers().firstValue(name)).as(name).isEqualTo(viaChain.headers().firstValue(name));
        }
        assertThat(viaFast.headers().firstValue("Cache-Status").orElseThrow()).endsWith("gw-fast; fwd=bypass");
        assertThat(viaChain.headers().firstValue("Cache-Status").orElseThrow()).endsWith("gw-chain; fwd=bypass");
        RecordedRequest seenChain = last(node1, node2, path, 1);
        assertThat(names(seenFast)).isEqualTo(names(seenChain));
        for (String name : List.of("Host", "Forwarded", "Accept", "X-Custom")) {
            // each gateway's port is in the Host it was sent
            assertThat(seenFast.header(name).replace(":" + fast.port(), ":port")).as(name)
                    .isEqualTo(seenChain.header(name).replace(":" + chain.port(), ":port"));
        }
        assertThat(seenFast.header("Forwarded")).as("an untrusted client's Forwarded is replaced")
                .doesNotContain("1.2.3.4");
    }

    @Test
    void aDeadFirstChoiceIsPassedOverAsOnTheFilterChain() {
        String path = pathOwnedBy("eu-dead", "?size=10&dead");
        HttpResponse<String> viaFast = fast.get(path);
        HttpResponse<String> viaChain = chain.get(path);
        assertThat(viaFast.statusCode()).isEqualTo(viaChain.statusCode()).isEqualTo(200);
        assertThat(viaFast.headers().firstValue("X-Served-By")).isEqualTo(viaChain.headers().firstValue("X-Served-By"));
        assertThat(viaFast.headers().firstValue("X-GeoCDN-Skipped").orElseThrow()).startsWith("eu-dead \"");
        assertThat(viaChain.headers().firstValue("X-GeoCDN-Skipped").orElseThrow()).startsWith("eu-dead \"");
    }

    @Test
    void targetsThatDoNotAnswerInTimeEndIn504OnBothPaths() {
        String path = "/objects/slow?size=10&delay=3000";
        HttpResponse<String> viaFast = fast.get(path);
        HttpResponse<String> viaChain = chain.get(path);
        assertThat(viaFast.statusCode()).isEqualTo(viaChain.statusCode()).isEqualTo(504);
        assertThat(viaFast.body()).contains("no target could be reached").contains("\"status\":504");
        assertThat(viaFast.headers().firstValue("X-GeoCDN-Skipped").orElseThrow()).contains("eu-1").contains("eu-2")
                .contains("eu-dead");
    }

    @Test
    void headKeepsTheLengthAndSendsNoBody() throws IOException {
        String path = pathOwnedBy("eu-1", "?size=5000&head");
        try (Socket socket = new Socket("127.0.0.1", fast.port())) {
            send(socket, "HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + fast.port() + "\r\n\r\n"
                    + "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + fast.port() + "\r\n\r\n");
            InputStream in = socket.getInputStream();
            Raw head = Raw.read(in, true);
            Raw get = Raw.read(in, false);
            assertThat(head.status).isEqualTo(200);
            assertThat(head.headers.get("content-length")).isEqualTo("5000");
            assertThat(get.body).hasSize(5000);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        int[] sizes = {300, 10, 2000, 1, 70000};
        StringBuilder requests = new StringBuilder();
        for (int size : sizes) {
            requests.append("GET /objects/pipelined-").append(size).append("?size=").append(size)
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", fast.port())) {
            send(socket, requests.toString());
            InputStream in = socket.getInputStream();
            for (int size : sizes) {
                Raw response = Raw.read(in, false);
                assertThat(response.status).isEqualTo(200);
                assertThat(response.body).as("the response to the request for " + size + " bytes").hasSize(size);
            }
        }
    }

    @Test
    void aClientsCloseIsHonoured() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", fast.port())) {
            send(socket, "GET /objects/closing?size=12 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            InputStream in = socket.getInputStream();
            Raw response = Raw.read(in, false);
            assertThat(response.headers.get("connection")).isEqualTo("close");
            assertThat(response.body).hasSize(12);
            socket.setSoTimeout(5_000);
            assertThat(in.read()).as("closed after the response").isEqualTo(-1);
        }
    }

    @Test
    void bodiesComeThroughWholeWhateverTheirFraming() {
        HttpResponse<String> chunked = fast.get("/objects/chunked-big?size=3000000&chunked=true");
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.body()).hasSize(3_000_000);
        assertThat(chunked.body()).isEqualTo(chain.get("/objects/chunked-big?size=3000000&chunked=true").body());
    }

    @Test
    void requestsWithBodiesTakeTheFilterChain() throws Exception {
        Scrape before = fast.scrape();
        var request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fast.port() + "/echo/x"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")).build();
        try (var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Served-By")).isPresent();
        }
        Scrape after = fast.scrapeAfter(before, 1);
        assertThat(after.increase(before, "geocdn_gateway_fast_path_requests_total")).isZero();
    }

    private static RecordedRequest last(OriginMock a, OriginMock b, String path, int which) {
        List<RecordedRequest> seen = new ArrayList<>();
        for (OriginMock origin : List.of(a, b)) {
            origin.recentRequests().stream().filter(r -> r.uri().equals(path)).forEach(seen::add);
        }
        assertThat(seen).as("requests for " + path).hasSize(2);
        return seen.get(which);
    }

    private static TreeMap<String, Integer> names(RecordedRequest request) {
        TreeMap<String, Integer> names = new TreeMap<>();
        request.headers().forEach((name, values) -> names.put(name.toLowerCase(Locale.ROOT), values.size()));
        return names;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One HTTP/1.1 response read off a socket: status, fields (lower-case names), body. */
    private record Raw(int status, Map<String, String> headers, byte[] body) {

        static Raw read(InputStream in, boolean head) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if (head) {
                return new Raw(status, headers, new byte[0]);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else {
                body.write(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))));
            }
            return new Raw(status, headers, body.toByteArray());
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
