package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing across every hop of a running world (Redis tier and a shield region on), as an
 * OpenTelemetry Collector would receive it: the world exports over OTLP/HTTP to a receiver on
 * loopback ({@code --otlp}), and a client's request that misses everywhere is one trace,
 * parented on the client's own {@code traceparent}, through the global gateway, the client's
 * regional gateway, the node that owns the URL, its Redis tier, the shield region's node, that
 * node's Redis tier and the origin, which receives the last span's context. A request collapsed
 * on that fill shows its wait; a hit answered by the node's fast path is traced too.
 */
class LocalWorldTracingTest {

    private static final String CLIENT = "127.0.1.50"; // us-west; the shield is us-east
    private static final SecureRandom random = new SecureRandom();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static OtlpReceiver receiver;
    private static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        receiver = OtlpReceiver.start();
        world = LocalWorld.start(WorldConfig.ephemeral().withRedis(true).withShield("us-east")
                .withOtlp(receiver.url()));
    }

    @AfterAll
    static void stopWorld() {
        if (world != null) {
            world.close();
        }
        receiver.close();
    }

    private static String id(int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    @Test
    void aMissIsOneTraceThroughEveryLayer_andACollapsedRequestShowsItsWait() throws Exception {
        String path = "/objects/traced-" + id(4);
        String url = world.gatewayUrl() + path + "?size=1k&cc=max-age%3D60&delay=1500";
        String trace = id(16);
        String clientSpan = id(8);
        CompletableFuture<ClientFrom.Response> first = CompletableFuture.supplyAsync(() ->
                ClientFrom.get(CLIENT, url, "traceparent", "00-" + trace + "-" + clientSpan + "-01"));
        // the fill is at the origin, which holds its answer 1.5 s: a second request now waits on it
        await().atMost(Duration.ofSeconds(20)).until(() -> originRequests(path).size() == 1);
        String collapsedTrace = id(16);
        ClientFrom.Response second = ClientFrom.get(CLIENT, url, "traceparent",
                "00-" + collapsedTrace + "-" + id(8) + "-01");
        assertThat(first.join().status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("Cache-Status")).contains("collapsed");

        OtlpReceiver.Received originFetch = await().atMost(Duration.ofSeconds(30)).until(
                () -> receiver.trace(trace).stream().filter(s -> "origin".equals(s.attribute("geocdn.upstream")))
                        .findFirst().orElse(null), s -> s != null);
        await().atMost(Duration.ofSeconds(30)).until(() -> pathToRoot(receiver.trace(trace), originFetch).size() == 8);
        List<OtlpReceiver.Received> spans = receiver.trace(trace);
        List<OtlpReceiver.Received> chain = pathToRoot(spans, originFetch).reversed();
        assertThat(chain).extracting(s -> s.service() + " " + s.kind()).containsExactly(
                "geocdn-gateway SERVER", "geocdn-gateway CLIENT", // the global gateway
                "geocdn-gateway SERVER", "geocdn-gateway CLIENT", // us-west's gateway
                "geocdn-cache-node SERVER", "geocdn-cache-node CLIENT", // us-west's owner node, asking the shield
                "geocdn-cache-node SERVER", "geocdn-cache-node CLIENT"); // us-east's owner node, fetching
        assertThat(chain.get(0).parentSpanId()).as("the client's span is the trace's root").isEqualTo(clientSpan);
        assertThat(chain.get(0).attribute("url.path")).isEqualTo(path);
        assertThat(chain.get(0).attribute("geocdn.region")).isEqualTo("us-west");
        assertThat(chain.get(3).attribute("geocdn.region")).isEqualTo("us-west");
        assertThat(chain.get(4).attribute("geocdn.cache.result")).isEqualTo("miss");
        assertThat(chain.get(4).attribute("http.response.status_code")).isEqualTo("200");
        assertThat(chain.get(5).attribute("geocdn.upstream")).isEqualTo("node");
        assertThat(chain.get(6).attribute("geocdn.region")).isEqualTo("us-east");
        assertThat(chain.get(7).attribute("url.full")).contains(path);
        // each node looked in its region's Redis tier before going up
        for (OtlpReceiver.Received node : List.of(chain.get(4), chain.get(6))) {
            assertThat(children(spans, node)).as("under " + node.attribute("geocdn.node"))
                    .anySatisfy(child -> {
                        assertThat(child.attribute("db.system.name")).isEqualTo("redis");
                        assertThat(child.kind()).isEqualTo("CLIENT");
                    });
        }
        // the node's latency histogram keeps the miss's trace as its exemplar (OpenMetrics)
        String node = chain.get(4).attribute("geocdn.node");
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                        URI.create(world.managementUrls().get(node) + "/actuator/prometheus"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.body()).containsPattern("geocdn_request_duration_seconds_bucket\\{[^}]*result=\"miss\"[^}]*\\} \\d+ "
                + "# \\{[^}]*trace_id=\"" + trace + "\"");
        // the origin got the fetch's context
        assertThat(originRequests(path)).singleElement().satisfies(request ->
                assertThat(request.header("traceparent")).isEqualTo("00-" + trace + "-" + originFetch.spanId() + "-01"));

        OtlpReceiver.Received waited = await().atMost(Duration.ofSeconds(30)).until(
                () -> receiver.trace(collapsedTrace).stream().filter(s -> s.name().equals("collapse wait"))
                        .findFirst().orElse(null), s -> s != null);
        OtlpReceiver.Received collapsedNode = receiver.trace(collapsedTrace).stream()
                .filter(s -> s.spanId().equals(waited.parentSpanId())).findFirst().orElseThrow();
        assertThat(collapsedNode.service()).isEqualTo("geocdn-cache-node");
        assertThat(collapsedNode.attribute("geocdn.cache.result")).isEqualTo("collapsed");
        assertThat(receiver.trace(collapsedTrace)).noneMatch(s -> "origin".equals(s.attribute("geocdn.upstream")));

        // a hit now: answered by the node's fast path, still one trace through both gateways
        String hitTrace = id(16);
        ClientFrom.Response hit = ClientFrom.get(CLIENT, url, "traceparent", "00-" + hitTrace + "-" + id(8) + "-01");
        assertThat(hit.header("Cache-Status")).contains("; hit");
        OtlpReceiver.Received hitSpan = await().atMost(Duration.ofSeconds(30)).until(
                () -> receiver.trace(hitTrace).stream().filter(s -> s.service().equals("geocdn-cache-node"))
                        .findFirst().orElse(null), s -> s != null);
        assertThat(hitSpan.attribute("geocdn.cache.result")).isEqualTo("hit");
        assertThat(hitSpan.kind()).isEqualTo("SERVER");
        await().atMost(Duration.ofSeconds(30)).until(() -> pathToRoot(receiver.trace(hitTrace), hitSpan).size() == 5);
    }

    @Test
    void everyServiceExportsItsSpans() throws Exception {
        String path = "/objects/every-service-" + id(4) + "?size=64&cc=max-age%3D60";
        assertThat(ClientFrom.get(CLIENT, world.gatewayUrl() + path).status()).isEqualTo(200);
        HttpResponse<String> regions = http.send(HttpRequest.newBuilder(URI.create(world.healthUrl() + "/v1/regions"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(regions.statusCode()).isEqualTo(200);
        HttpResponse<String> purge = http.send(HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/purge"))
                .header("Authorization", "Bearer " + world.adminToken()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"urls\":[\"http://127.0.0.1" + path + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(purge.statusCode()).as(purge.body()).isLessThan(300);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(services()).contains(
                "geocdn-gateway", "geocdn-cache-node", "geocdn-health", "geocdn-invalidation"));
    }

    private static Set<String> services() {
        return receiver.spans().stream().map(OtlpReceiver.Received::service).collect(Collectors.toSet());
    }

    private static List<dev.geocdn.origin.RecordedRequest> originRequests(String path) {
        return world.origin().recentRequests().stream().filter(r -> r.uri().startsWith(path + "?")).toList();
    }

    /** {@code span}, its parent, and so on up to the first span whose parent is not in {@code spans}. */
    private static List<OtlpReceiver.Received> pathToRoot(List<OtlpReceiver.Received> spans,
                                                          OtlpReceiver.Received span) {
        List<OtlpReceiver.Received> path = new ArrayList<>();
        OtlpReceiver.Received at = span;
        while (at != null) {
            path.add(at);
            String parent = at.parentSpanId();
            at = spans.stream().filter(s -> s.spanId().equals(parent)).findFirst().orElse(null);
        }
        return path;
    }

    private static List<OtlpReceiver.Received> children(List<OtlpReceiver.Received> spans,
                                                        OtlpReceiver.Received parent) {
        return spans.stream().filter(s -> s.parentSpanId().equals(parent.spanId())).toList();
    }
}
