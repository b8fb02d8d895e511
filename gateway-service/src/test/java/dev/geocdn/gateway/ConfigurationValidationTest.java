package dev.geocdn.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway refuses to start on bad configuration, with a message naming the property, rather
 * than starting with timeouts or a topology it cannot route by.
 */
class ConfigurationValidationTest {

    /** A global entry gateway in front of one region, on ephemeral ports. */
    private static final List<String> GOOD = List.of("--server.address=127.0.0.1", "--server.port=0",
            "--management.server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=OFF",
            "--cdn.gateway.regions.us-east.gateway=http://127.0.0.1:9");

    private static void run(String... extra) {
        List<String> args = new ArrayList<>(GOOD);
        args.addAll(List.of(extra));
        new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new)).close();
    }

    @Test
    void aZeroConnectTimeout_isRefusedNamingTheProperty() {
        assertThatThrownBy(() -> run("--cdn.gateway.failover.connect-timeout=0s"))
                .hasStackTraceContaining("cdn.gateway").hasStackTraceContaining("failover.connectTimeout")
                .hasStackTraceContaining("must be longer than 0");
    }

    @Test
    void aNegativeBreakerOpenDuration_isRefusedNamingTheProperty() {
        assertThatThrownBy(() -> run("--cdn.gateway.failover.breaker.open-duration=-5s"))
                .hasStackTraceContaining("failover.breaker.openDuration")
                .hasStackTraceContaining("must be longer than 0");
    }

    @Test
    void aRegionalGatewayOfAnUnknownRegion_isRefused() {
        assertThatThrownBy(() -> run("--cdn.gateway.region=mars-north"))
                .hasStackTraceContaining("cdn.gateway.region must be one of cdn.gateway.regions");
    }
}
