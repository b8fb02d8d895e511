package dev.geocdn.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * shipped for Prometheus pass their unit tests ({@code promtool test rules}), the Grafana dashboards'
 * queries are valid PromQL, and both read only series the services export. The world runs the
 * Redis tier and a shield, so that their series are there too.
 */
class LocalWorldMetricsTest {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalWorld world;

    @BeforeAll
    static void startWorld() {
        world = LocalWorld.start(WorldConfig.ephemeral().withRedis(true).withShield("us-east"));
        // traffic first, so that the request, cache, origin and inter-region series exist: a miss
        // (filled through the shield), then a hit
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
        Set<String> series = seriesIn(Files.readString(rules.resolve("geocdn-alerts.yml")));

        assertThat(series).contains("geocdn_health_node_up", "geocdn_requests_total", "geocdn_tier_available",
                "geocdn_purge_lag_seconds_bucket", "jvm_gc_live_data_size_bytes");
        assertThat(notExported(series)).as("series the rules read that no service exports").isEmpty();
    }

    @Test
    void theGrafanaDashboards_queryOnlyExportedSeries_inValidPromQL() throws Exception {
        Path dashboards = Path.of("..", "helm", "geocdn", "files", "grafana");
        List<String> exprs = new ArrayList<>();
        for (String name : List.of("geocdn-overview.json", "geocdn-region.json", "geocdn-node.json")) {
            JsonNode dashboard = new ObjectMapper().readTree(dashboards.resolve(name).toFile());
            assertThat(dashboard.path("uid").asString()).isNotBlank();
            dashboard.findValues("expr").forEach(expr -> exprs.add(expr.asString()));
        }
        // Grafana's variables as Prometheus would see them once Grafana substituted them
        StringBuilder asRules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        for (int i = 0; i < exprs.size(); i++) {
            String promql = exprs.get(i).replace("$__rate_interval", "5m").replace("$region", "us-west")
                    .replace("$node", "us-west-1");
            asRules.append("      - record: dashboard:expr_").append(i).append("\n        expr: '")
                    .append(promql.replace("'", "''")).append("'\n");
        }
        Path rulesFile = Files.createTempFile("geocdn-dashboards", ".yml");
        try {
            Files.writeString(rulesFile, asRules);
            Promtool.Result checked = Promtool.run("", "check", "rules", rulesFile.toString());

            assertThat(exprs).hasSizeGreaterThan(20);
            assertThat(checked.passed()).as(checked.output()).isTrue();
        } finally {
            Files.delete(rulesFile);
        }
        assertThat(notExported(seriesIn(String.join("\n", exprs)))).as("series the dashboards read that no service exports")
                .isEmpty();
    }

    /** The series names {@code text} (PromQL, rules) reads: not recorded ones ({@code level:metric:op}). */
    private static Set<String> seriesIn(String text) {
        Matcher read = Pattern.compile("(?<![:\\w])(geocdn_[a-z_]+|jvm_[a-z_]+)\\b").matcher(text);
        Set<String> series = new TreeSet<>();
        while (read.find()) {
            series.add(read.group(1));
        }
        return series;
    }

    /** Those of {@code series} that no service of the world exports now. */
    private static Set<String> notExported(Set<String> series) throws IOException, InterruptedException {
        String exported = String.join("\n", scrapes().values());
        Set<String> missing = new TreeSet<>();
        for (String name : series) {
            if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(exported).find()) {
                missing.add(name);
            }
        }
        return missing;
    }
}
