package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Purges in the local world, through the invalidation API and the real Kafka purge log, over
 * real sockets: by URL, prefix and surrogate key they reach all six nodes; a strong purge
 * answers only once every live node applied it; a node stopped during purges applies them on
 * return before it serves; the health service's watermarks show every region caught up.
 */
class LocalWorldPurgeTest {

    static final String TOKEN = "world-test-token";
    static final String HOST = "cdn.purge.test";
    static LocalWorld world;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral().withAdminToken(TOKEN));
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    private static List<String> allNodes() {
        List<String> ids = new ArrayList<>();
        world.regions().forEach(r -> ids.addAll(world.nodeIds(r)));
        return ids;
    }

    /** GETs {@code path} from a node directly, as the public URL http://cdn.purge.test{path}; its Cache-Status. */
    private static String getFromNode(String node, String path) {
        return String.valueOf(ClientFrom.get("127.0.0.1", world.nodeUrl(node) + path, "Host", HOST).header("Cache-Status"));
    }

    /** Fills {@code path} in every node, until each answers a hit (a body may still be landing in the store). */
    private static void fillEverywhere(String path) {
        for (String node : allNodes()) {
            await().atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(getFromNode(node, path)).as(node + " " + path).contains("; hit"));
        }
    }

    private static HttpResponse<String> purge(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/purge"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String progress(String id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/purge/" + id))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void assertMissEverywhere(String path) {
        for (String node : allNodes()) {
            if (world.isNodeRunning(node)) {
                assertThat(getFromNode(node, path)).as(node + " " + path + " after the purge").doesNotContain("; hit");
            }
        }
    }

    @Test
    void aStrongUrlPurge_answersOnceAllSixNodesAppliedIt() throws Exception {
        String path = "/objects/purge-url?size=64&cc=max-age%3D600";
        fillEverywhere(path);

        HttpResponse<String> response = purge("{\"urls\":[\"http://" + HOST + path + "\"],\"consistency\":\"strong\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        allNodes().forEach(node -> assertThat(response.body()).contains("\"" + node + "\""));
        assertMissEverywhere(path); // no waiting: strong means applied everywhere already
    }

    @Test
    void prefixAndSurrogateKeyPurges_reachEveryNode() throws Exception {
        String a = "/objects/purge-prefix/a?size=64&cc=max-age%3D600";
        String b = "/objects/purge-prefix/b?size=64&cc=max-age%3D600";
        String tagged = "/objects/purge-tagged?size=64&cc=max-age%3D600&sk=product-42%20catalog";
        String kept = "/objects/purge-kept?size=64&cc=max-age%3D600&sk=other";
        for (String path : List.of(a, b, tagged, kept)) {
            fillEverywhere(path);
        }

        assertThat(purge("{\"prefixes\":[\"http://" + HOST + "/objects/purge-prefix/\"],\"consistency\":\"strong\"}")
                .statusCode()).isEqualTo(200);
        assertThat(purge("{\"surrogateKeys\":[\"product-42\"],\"consistency\":\"strong\"}").statusCode()).isEqualTo(200);

        assertMissEverywhere(a);
        assertMissEverywhere(b);
        assertMissEverywhere(tagged);
        for (String node : allNodes()) {
            assertThat(getFromNode(node, kept)).as("an untouched key on " + node).contains("; hit");
        }
    }

    @Test
    void aNodeStoppedDuringPurges_appliesThemOnReturn_beforeItServes() throws Exception {
        String node = "eu-west-2";
        world.stopNode(node);
        try {
            replaysOnReturn(node);
        } finally {
            if (!world.isNodeRunning(node)) {
                world.startNode(node);
            }
            WorldHealth.awaitAllUp(world);
        }
    }

    private void replaysOnReturn(String node) throws Exception {
        await().atMost(Duration.ofSeconds(10)).alias(node + " down")
                .until(() -> WorldHealth.regions(world), b -> WorldHealth.nodeIs(b, node, "DOWN"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = purge("{\"urls\":[\"http://" + HOST + "/objects/missed-" + i + "\"],"
                    + "\"consistency\":\"strong\"}");
            assertThat(response.statusCode()).as("strong waits only for live nodes: " + response.body()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("\"" + node + "\"");
            ids.add(response.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
        }

        world.startNode(node);
        // started = its data plane is open; the missed purges were applied and acknowledged before
        for (String id : ids) {
            // its acknowledgement was written before the port opened; the service reads it a moment later
            String pattern = "(?s).*\"" + node + "\"\\s*:\\s*\\{[^}]*appliedMs.*";
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(progress(id)).as("purge " + id).matches(pattern));
        }
        WorldHealth.awaitAllUp(world);
        String marks = http.send(HttpRequest.newBuilder(URI.create(world.healthUrl() + "/v1/purge-watermarks")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(marks).as("every region caught up").containsPattern("\"eu-west\":\\{\"up\":true,\"applied\":\\{[^}]*\\},\"lag\":0");
    }

    @Test
    void aBadToken_isRefused_andChangesNothing() throws Exception {
        String path = "/objects/purge-unauthorized?size=64&cc=max-age%3D600";
        fillEverywhere(path);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/purge"))
                        .header("Authorization", "Bearer not-the-token").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"urls\":[\"http://" + HOST + path + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (String node : allNodes()) {
                assertThat(getFromNode(node, path)).as(node + " still holds " + path).contains("; hit");
            }
        });
    }
}
