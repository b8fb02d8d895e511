package dev.geocdn.local;

import dev.geocdn.cache.http.Headers;
import dev.geocdn.cache.store.ResponseCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replication in the local world ({@code --replicate=/objects/hot/**=push-all}): an object stored
 * in one region reaches the owner nodes of the others ahead of their clients, who are then served
 * without an origin fetch or a cross-region request; and in races of fills, offers and purges
 * across regions with emulated latency, no replica brings back what a purge removed.
 */
class LocalWorldReplicationTest {

    static final String TOKEN = "world-replication-token";
    static final String HOST = "cdn.replication.test";
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral().withAdminToken(TOKEN).withReplication("/objects/hot/**=push-all"));
        WorldHealth.awaitAllUp(world);
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @AfterEach
    void backToLoopback() {
        world.setEmulatedRtt(Map.of());
    }

    private static ClientFrom.Response get(String region, String path) {
        return ClientFrom.get("127.0.0.1", world.regionalGatewayUrl(region) + path, "Host", HOST);
    }

    private static long interRegionBytes() {
        return world.interRegionBytes().stream().mapToLong(link -> (Long) link.get("bytes")).sum();
    }

    /** Whether some node of {@code region} holds a fresh copy of {@code path}. */
    private static boolean regionHolds(String region, String path) {
        AtomicBoolean held = new AtomicBoolean();
        for (String id : world.nodeIds(region)) {
            world.node(id).whenRunningNow(context -> {
                var lookup = context.getBean(ResponseCache.class).lookup("http://" + HOST + path, Headers.EMPTY);
                if (lookup.isHit() && lookup.response().isFresh(System.currentTimeMillis())) {
                    held.set(true);
                }
            });
        }
        return held.get();
    }

    @Test
    void aPushAllObject_isServedInPeerRegions_withoutOriginOrCrossRegionRequestsAtReadTime() {
        String path = "/objects/hot/everywhere?size=8k&cc=max-age%3D600&ct=text/css";
        assertThat(get("us-west", path).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> regionHolds("us-east", path) && regionHolds("eu-west", path));
        long crossRegion = interRegionBytes();

        for (String peer : List.of("us-east", "eu-west")) {
            ClientFrom.Response response = get(peer, path);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).hasSize(8 * 1024);
            assertThat(response.header("X-Served-By")).startsWith(peer + "/");
            assertThat(response.header("Cache-Status")).startsWith(peer + "-").contains("; hit");
        }
        assertThat(world.origin().requestCount("/objects/hot/everywhere")).isEqualTo(1);
        assertThat(interRegionBytes()).as("nothing crossed regions at read time").isEqualTo(crossRegion);
        assertThat(world.interRegionBytes()).allSatisfy(link -> assertThat(link.get("reason")).isEqualTo("replication"));
    }

    @Test
    void racesOfFillsOffersAndPurges_neverBringBackAPurgedObject() throws Exception {
        world.setEmulatedRtt(Map.of("us-west", Map.of("us-east", 60.0, "eu-west", 140.0), "us-east", Map.of("eu-west", 80.0)));
        List<String> regions = world.regions();
        for (int run = 0; run < 4; run++) {
            SplittableRandom random = new SplittableRandom(run * 1_000_003L);
            List<String> paths = List.of("/objects/hot/race-" + run + "-a?size=2k&cc=max-age%3D600",
                    "/objects/hot/race-" + run + "-b?size=2k&cc=max-age%3D600&sk=race-" + run);
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int step = 0; step < 30; step++) {
                String path = paths.get(random.nextInt(paths.size()));
                if (random.nextInt(4) == 0) {
                    inFlight.add(purge("{\"urls\":[\"http://" + HOST + path + "\"]}"));
                } else {
                    String region = regions.get(random.nextInt(regions.size()));
                    inFlight.add(CompletableFuture.runAsync(() -> get(region, path)));
                }
                Thread.sleep(random.nextInt(40)); // a random interleaving, not a wait for anything
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();

            // the last word is a purge of both, applied everywhere before it answers
            HttpResponse<String> last = purge("{\"urls\":[\"http://" + HOST + paths.get(0) + "\"],"
                    + "\"surrogateKeys\":[\"race-" + run + "\"],\"consistency\":\"strong\"}").get();
            assertThat(last.statusCode()).as(last.body()).isEqualTo(200);

            // offers and pulls still crossing regions may finish now: none may store a copy
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() ->
                    paths.stream().noneMatch(p -> regions.stream().anyMatch(r -> regionHolds(r, p))));
        }
    }

    private static CompletableFuture<HttpResponse<String>> purge(String json) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/purge"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
