package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service of the world exports its metrics in a form Prometheus accepts: each scrape
 * passes {@code promtool check metrics} (Debian package {@code prometheus}, which {@code .ci/run}
 * installs), the linter Prometheus ships for naming and exposition conventions.
 */
class LocalWorldMetricsTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral());
        // traffic first, so that the request, cache and origin series exist: a miss, then a hit
        for (int i = 0; i < 2; i++) {
            assertThat(ClientFrom.get("127.0.1.50", world.gatewayUrl() + "/objects/scrape?size=1k&cc=max-age%3D60")
                    .status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stopWorld() {
        world.close();
    }

    @Test
    void everyServicesScrape_passesPromtool() throws Exception {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, String> urls = world.managementUrls();
        assertThat(urls).hasSize(6 + 3 + 3);
        for (Map.Entry<String, String> service : urls.entrySet()) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                    URI.create(service.getValue() + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as(service.getKey() + "'s scrape").isEqualTo(200);
            String verdict = promtool(scrape.body());
            if (!verdict.isEmpty()) {
                problems.put(service.getKey(), verdict);
            }
        }

        assertThat(problems).as("promtool check metrics, by service").isEmpty();
    }

    /** What {@code promtool check metrics} says of {@code exposition}: empty when it passes. */
    private static String promtool(String exposition) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return process.exitValue() == 0 ? "" : out;
    }
}
