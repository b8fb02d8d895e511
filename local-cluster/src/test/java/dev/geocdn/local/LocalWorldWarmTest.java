package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Warming the local world through {@code POST /v1/warm}: in every region the node that owns a
 * URL (the one its regional gateway sends clients to) fetches it from the origin once, and a
 * second job finds everything fresh and fetches nothing.
 */
class LocalWorldWarmTest {

    static final String TOKEN = "world-warm-token";
    static final String HOST = "cdn.warm.test";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral().withAdminToken(TOKEN));
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    private static JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return JSON.readTree(response.body());
    }

    /** Starts a job warming {@code paths} of cdn.warm.test everywhere, and waits for it to finish. */
    private static JsonNode warm(List<String> paths) throws Exception {
        String urls = String.join(",", paths.stream().map(p -> "\"http://" + HOST + p + "\"").toList());
        JsonNode accepted = send(HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/warm"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"urls\": [" + urls + "]}")));
        String id = accepted.get("id").asString();
        HttpRequest.Builder progress = HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/warm/" + id));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> send(progress.copy()).get("status").asString().equals("done"));
        return send(progress.copy());
    }

    @Test
    void eachRegionsOwnerFetchesEachUrlOnce_andASecondJobFindsThemFresh() throws Exception {
        List<String> paths = List.of("/objects/warm/a?size=1k&cc=max-age%3D600",
                "/objects/warm/b?size=2k&cc=max-age%3D600", "/objects/warm/c?size=3k&cc=max-age%3D600");

        JsonNode first = warm(paths);

        assertThat(first.get("regions").propertyNames()).containsExactlyInAnyOrderElementsOf(world.regions());
        for (String region : world.regions()) {
            JsonNode r = first.get("regions").get(region);
            assertThat(r.get("warmed").asInt()).as(region + ": " + r).isEqualTo(3);
            assertThat(r.get("fresh").asInt()).isZero();
            assertThat(r.get("failed").asInt()).isZero();
        }
        for (String name : List.of("/objects/warm/a", "/objects/warm/b", "/objects/warm/c")) {
            assertThat(world.origin().requestCount(name)).as("origin requests for " + name)
                    .isEqualTo(world.regions().size());
        }

        // a client of each region, sent by its gateway to the owner, finds each URL there
        for (String region : world.regions()) {
            for (String path : paths) {
                ClientFrom.Response response = ClientFrom.get("127.0.0.1", world.regionalGatewayUrl(region) + path,
                        "Host", HOST);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Cache-Status")).as(region + " " + path).contains("; hit");
                assertThat(response.header("X-Served-By")).startsWith(region + "/");
            }
        }

        JsonNode second = warm(paths);

        for (String region : world.regions()) {
            JsonNode r = second.get("regions").get(region);
            assertThat(r.get("fresh").asInt()).as(region + ": " + r).isEqualTo(3);
            assertThat(r.get("warmed").asInt()).isZero();
        }
        for (String name : List.of("/objects/warm/a", "/objects/warm/b", "/objects/warm/c")) {
            assertThat(world.origin().requestCount(name)).isEqualTo(world.regions().size());
        }
    }

    @Test
    void whatCannotBeWarmedIsListedWithWhy() throws Exception {
        JsonNode job = warm(List.of("/objects/warm/missing?status=404&cc=no-store",
                "/objects/warm/private?size=1k&cc=private"));

        Map<String, String> expected = Map.of(
                "http://" + HOST + "/objects/warm/missing?status=404&cc=no-store", "the origin answered 404",
                "http://" + HOST + "/objects/warm/private?size=1k&cc=private", "the node did not store it");
        for (String region : world.regions()) {
            JsonNode r = job.get("regions").get(region);
            assertThat(r.get("failed").asInt()).as(region + ": " + r).isEqualTo(2);
            r.get("failures").forEach(f -> assertThat(f.get("why").asString())
                    .startsWith(expected.get(f.get("url").asString())));
            r.get("failures").forEach(f -> assertThat(f.get("node").asString()).startsWith(region + "-"));
        }
    }
}
