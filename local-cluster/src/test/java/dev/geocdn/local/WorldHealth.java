package dev.geocdn.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The world's health service as tests read it: {@code GET /v1/regions}, and waiting until the world is up. */
final class WorldHealth {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WorldHealth() {
    }

    static String regions(LocalWorld world) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(world.healthUrl() + "/v1/regions")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the health service reports every region and node up again (after a test stopped some). */
    static void awaitAllUp(LocalWorld world) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(regions(world))
                .as("the world is back up").doesNotContain("\"DOWN\""));
    }

    static boolean nodeIs(String body, String id, String state) {
        return body.matches("(?s).*\"id\":\"" + id + "\"[^}]*\"state\":\"" + state + "\".*");
    }
}
