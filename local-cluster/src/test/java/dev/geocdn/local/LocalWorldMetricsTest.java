package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service of the world exports its metrics in a form Prometheus accepts: each scrape
 * passes {@code promtool check metrics} (Debian package {@code prometheus}, which {@code .ci/run}
 * installs), the linter Prometheus ships for naming and exposition conventions. The alert rules
 * shipped for Prometheus pass their unit tests ({@code promtool test rules}) and read only series
 * the services export. The world runs the Redis tier, so that its series are there too.
 */
class LocalWorldMetricsTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral().withRedis(true));
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

    /** Every service's scrape, by part name. */
    private static Map<String, String> scrapes() throws IOException, InterruptedException {
        Map<String, String> scrapes = new LinkedHashMap<>();
        for (Map.Entry<String, String> service : world.managementUrls().entrySet()) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                    URI.create(service.getValue() + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as(service.getKey() + "'s scrape").isEqualTo(200);
            scrapes.put(service.getKey(), scrape.body());
        }
        return scrapes;
    }

    @Test
    void everyServicesScrape_passesPromtool() throws Exception {
        Map<String, String> scrapes = scrapes();
        assertThat(scrapes).hasSize(6 + 3 + 3);
        Map<String, String> problems = new LinkedHashMap<>();
        scrapes.forEach((service, exposition) -> {
            Promtool.Result verdict = Promtool.run(exposition, "check", "metrics");
            if (!verdict.passed()) {
                problems.put(service, verdict.output());
            }
        });

        assertThat(problems).as("promtool check metrics, by service").isEmpty();
    }

    @Test
    void theAlertRules_passTheirUnitTests_andReadOnlyExportedSeries() throws Exception {
        Path rules = Path.of("..", "helm", "geocdn", "files", "prometheus");
        Promtool.Result checked = Promtool.run("", "check", "rules", rules.resolve("geocdn-alerts.yml").toString());
        Promtool.Result tested = Promtool.run("", "test", "rules", rules.resolve("geocdn-alerts-test.yml").toString());

        assertThat(checked.passed()).as(checked.output()).isTrue();
        assertThat(tested.passed()).as(tested.output()).isTrue();
        String exported = String.join("\n", scrapes().values());
        Matcher read = Pattern.compile("(?<![:\\w])(geocdn_[a-z_]+|jvm_[a-z_]+)\\b") // not recorded series (level:metric:op)
                .matcher(Files.readString(rules.resolve("geocdn-alerts.yml")));
        Set<String> series = new TreeSet<>();
        while (read.find()) {
            series.add(read.group(1));
        }
        Set<String> missing = new TreeSet<>();
        for (String name : series) {
            if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(exported).find()) {
                missing.add(name);
            }
        }

        assertThat(series).contains("geocdn_health_node_up", "geocdn_requests_total", "geocdn_tier_available",
                "geocdn_purge_lag_seconds_bucket", "jvm_gc_live_data_size_bytes");
        assertThat(missing).as("series the rules read that no service exports").isEmpty();
    }
}
