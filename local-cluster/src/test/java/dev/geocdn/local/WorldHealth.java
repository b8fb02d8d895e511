package dev.geocdn.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** The world's health service as tests read it: {@code GET /v1/regions}, and waiting for a state. */
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

    /** The membership once {@code condition} holds, or the last one read when {@code within} ran out. */
    static String await(LocalWorld world, Predicate<String> condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String body = regions(world);
        while (!condition.test(body) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            body = regions(world);
        }
        return body;
    }

    /** Waits until the health service reports every region and node up again (after a test stopped some). */
    static void awaitAllUp(LocalWorld world) throws InterruptedException {
        String body = await(world, b -> !b.contains("\"DOWN\""), Duration.ofSeconds(20));
        if (body.contains("\"DOWN\"")) {
            throw new AssertionError("the world did not come back up: " + body);
        }
    }

    static boolean nodeIs(String body, String id, String state) {
        return body.matches("(?s).*\"id\":\"" + id + "\"[^}]*\"state\":\"" + state + "\".*");
    }
}
