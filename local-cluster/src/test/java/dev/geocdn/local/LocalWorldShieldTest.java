package dev.geocdn.local;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.shield.ShieldMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tiered fill in the local world: eu-west is the shield of us-west and us-east. Every region's
 * miss for an object meets in eu-west's owner node, so the origin sees one fetch per object and
 * one conditional request per revalidation; a stopped shield is skipped; a purge that reaches a
 * child region before the shield keeps the shield's old copy out of the child; a request that
 * came down a tier is never sent up again.
 *
 * <p>The shield is eu-west rather than us-east because the purge log sits in us-east: with the
 * emulated latency, a purge then reaches the child regions before the shield, the order of the
 * race under test.
 */
class LocalWorldShieldTest {

    static final String TOKEN = "world-shield-token";
    static final String HOST = "cdn.shield.test";
    static final String SHIELD = "eu-west";
    static final List<String> CHILDREN = List.of("us-west", "us-east");
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral().withAdminToken(TOKEN).withShield(SHIELD));
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @AfterEach
    void backToLoopback() {
        world.setEmulatedRtt(Map.of());
    }

    private static ClientFrom.Response get(String region, String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Host";
        all[1] = HOST;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return ClientFrom.get("127.0.0.1", world.regionalGatewayUrl(region) + path, all);
    }

    private static long origin(String path) {
        return world.origin().requestCount(path);
    }

    @Test
    void threeRegionsAskingForAColdObject_causeOneOriginFetch_andShowBothLayers() {
        String path = "/objects/shield/cold?size=20k&cc=max-age%3D600";
        for (String region : List.of("us-west", "us-east", SHIELD)) {
            ClientFrom.Response response = get(region, path);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).hasSize(20 * 1024);
            assertThat(response.header("X-Served-By")).startsWith(region + "/");
            assertThat(response.header("X-GeoCDN-Filled-At")).as("internal fields stay inside").isNull();
        }
        assertThat(origin("/objects/shield/cold")).isEqualTo(1);

        // RFC 9211: the shield's entry first, then the child's
        String layered = get("us-west", path).header("Cache-Status");
        assertThat(layered).matches(SHIELD + "-\\d; fwd=uri-miss; fwd-status=200; ttl=\\d+; stored, us-west-\\d; hit; .*");

        List<Map<String, Object>> links = world.interRegionBytes();
        for (String child : CHILDREN) {
            assertThat(links).anySatisfy(link -> {
                assertThat(link).containsEntry("from", SHIELD).containsEntry("to", child).containsEntry("reason", "fill");
                assertThat((Long) link.get("bytes")).isBetween(20L * 1024, 22L * 1024); // one copy and its head
            });
        }
    }

    @Test
    void threeRegionsRevalidating_causeOneConditionalRequestAtTheOrigin() throws Exception {
        String path = "/objects/shield/reval?size=1k&cc=max-age%3D2&etag=%22r1%22";
        for (String region : List.of("us-west", "us-east", SHIELD)) {
            assertThat(get(region, path).status()).isEqualTo(200);
        }
        assertThat(origin("/objects/shield/reval")).isEqualTo(1);
        long conditionalBefore = world.origin().conditionalRequestCount();

        Thread.sleep(2_500); // max-age=2: every copy is stale now, by the clock alone

        for (String region : List.of("us-west", "us-east", SHIELD)) {
            ClientFrom.Response response = get(region, path);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).hasSize(1024);
        }
        assertThat(world.origin().conditionalRequestCount() - conditionalBefore).isEqualTo(1);
        assertThat(origin("/objects/shield/reval")).isEqualTo(2);
        assertThat(world.interRegionBytes()).anySatisfy(link -> assertThat(link)
                .containsEntry("from", SHIELD).containsEntry("reason", "revalidation"));
    }

    @Test
    void rangesAreServedThroughTheShield() {
        String path = "/objects/shield/range?size=100k&cc=max-age%3D600";
        ClientFrom.Response whole = get(SHIELD, path);
        ClientFrom.Response part = get("us-west", path, "Range", "bytes=1000-1099");

        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 1000-1099/102400");
        assertThat(part.body()).isEqualTo(whole.body().substring(1000, 1100));
        assertThat(origin("/objects/shield/range")).isEqualTo(1);
    }

    @Test
    void aStoppedShieldIsSkipped_andClientsAreServedFromTheOrigin() {
        String path = "/objects/shield/skipped?size=1k&cc=max-age%3D600";
        world.stopRegion(SHIELD);
        try {
            for (String child : CHILDREN) {
                ClientFrom.Response response = get(child, path);
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).hasSize(1024);
                assertThat(response.header("Cache-Status")).startsWith(child + "-");
            }
            assertThat(origin("/objects/shield/skipped")).isEqualTo(CHILDREN.size());
        } finally {
            world.startRegion(SHIELD);
            WorldHealth.awaitAllUp(world);
        }
    }

    @Test
    void aPurgeThatReachesAChildBeforeTheShield_keepsTheShieldsOldCopyOut() throws Exception {
        String path = "/objects/shield/race?size=1k&cc=max-age%3D600&sk=race-tag";
        String key = "http://" + HOST + path;
        ClientFrom.Response first = get("us-west", path);
        String child = first.header("X-Served-By").substring("us-west/".length());
        String parent = first.header("Cache-Status").substring(0, first.header("Cache-Status").indexOf(';'));
        assertThat(parent).startsWith(SHIELD + "-");
        assertThat(origin("/objects/shield/race")).isEqualTo(1);

        // the purge log is in us-east: purges now reach eu-west 2 s after us-west
        world.setEmulatedRtt(Map.of("us-east", Map.of(SHIELD, 4000.0)));
        HttpResponse<String> purge = http.send(HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/purge"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"surrogateKeys\":[\"race-tag\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(purge.statusCode()).as(purge.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> !holds(child, key));
        assertThat(holds(parent, key)).as("the shield has not applied the purge yet").isTrue();

        ClientFrom.Response after = get("us-west", path);

        assertThat(after.status()).isEqualTo(200);
        assertThat(after.header("Cache-Status")).as("filled from the origin, not the shield's old copy")
                .startsWith(child + "; fwd=uri-miss");
        assertThat(origin("/objects/shield/race")).isEqualTo(2);
        assertThat(shieldMetrics(child).count(SHIELD, ShieldMetrics.Outcome.PURGED)).isEqualTo(1);
        assertThat(holds(parent, key)).as("still the race: the shield is behind").isTrue();
        // what the child stored is the origin's fill, after the purge: a hit from now on
        assertThat(get("us-west", path).header("Cache-Status")).contains(child + "; hit");
    }

    @Test
    void aRequestThatCameDownATier_isNeverSentUpAgain() {
        String path = "/objects/shield/down?size=1k&cc=max-age%3D600";
        String node = world.node("us-west-1").url();
        long askedBefore = askedShield("us-west-1");

        ClientFrom.Response response = ClientFrom.get("127.0.0.1", node + path, "Host", HOST,
                "X-GeoCDN-Tier", "us-east", "CDN-Loop", "geocdn");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Status")).as("filled from the origin").startsWith("us-west-1; fwd=uri-miss");
        assertThat(response.header("X-GeoCDN-Filled-At")).as("a child tier learns the fill time").isNotNull();
        assertThat(askedShield("us-west-1")).as("its own shield was never asked").isEqualTo(askedBefore);
        assertThat(origin("/objects/shield/down")).isEqualTo(1);
    }

    private static long askedShield(String nodeId) {
        ShieldMetrics metrics = shieldMetrics(nodeId);
        long asked = 0;
        for (ShieldMetrics.Outcome outcome : ShieldMetrics.Outcome.values()) {
            asked += metrics.count(SHIELD, outcome);
        }
        return asked;
    }

    private static boolean holds(String nodeId, String key) {
        AtomicBoolean held = new AtomicBoolean();
        world.node(nodeId).whenRunningNow(context -> held.set(
                context.getBean(ResponseCache.class).lookup(key, Headers.EMPTY).isHit()));
        return held.get();
    }

    private static ShieldMetrics shieldMetrics(String nodeId) {
        ShieldMetrics[] metrics = new ShieldMetrics[1];
        world.node(nodeId).whenRunningNow(context -> metrics[0] = context.getBean(ShieldMetrics.class));
        return metrics[0];
    }
}
