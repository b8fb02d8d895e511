package dev.geocdn.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The health service refuses to start on bad configuration, with a message naming the property,
 * rather than probing in a tight loop or listening where it cannot.
 */
class ConfigurationValidationTest {

    /** One region with one node, on ephemeral ports; nothing listens at the node's address. */
    private static final List<String> GOOD = List.of("--server.port=0", "--management.server.port=0",
            "--spring.main.banner-mode=off", "--logging.level.root=OFF",
            "--cdn.health.regions.us-west.nodes[0].id=us-west-1",
            "--cdn.health.regions.us-west.nodes[0].url=http://127.0.0.1:9");

    private static void run(String... extra) {
        List<String> args = new ArrayList<>(GOOD);
        args.addAll(List.of(extra));
        new SpringApplicationBuilder(HealthApplication.class).run(args.toArray(String[]::new)).close();
    }

    @Test
    void aZeroProbeInterval_isRefusedNamingTheProperty() {
        assertThatThrownBy(() -> run("--cdn.health.probe.interval=0s"))
                .hasStackTraceContaining("cdn.health").hasStackTraceContaining("probe.interval")
                .hasStackTraceContaining("must be longer than 0");
    }

    @Test
    void aDashboardWindowShorterThanTwoScrapes_isRefusedNamingBothProperties() {
        assertThatThrownBy(() -> run("--cdn.health.dashboard.scrape-interval=2s", "--cdn.health.dashboard.window=3s"))
                .hasStackTraceContaining("cdn.health.dashboard.window (PT3S) must be at least twice"
                        + " cdn.health.dashboard.scrape-interval (PT2S)");
    }

    @Test
    void aDnsPortAbove65535_isRefusedNamingTheProperty() {
        assertThatThrownBy(() -> run("--cdn.health.dns.port=70000"))
                .hasStackTraceContaining("dns.port").hasStackTraceContaining("must be less than or equal to 65535");
    }

    @Test
    void noRegions_isRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(HealthApplication.class).run("--server.port=0",
                "--management.server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=OFF"))
                .hasStackTraceContaining("cdn.health").hasStackTraceContaining("regions");
    }
}
