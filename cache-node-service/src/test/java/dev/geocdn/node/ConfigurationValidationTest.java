package dev.geocdn.node;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The node refuses to start on bad configuration, with a message naming the property, rather
 * than starting half-configured.
 */
class ConfigurationValidationTest {

    private static void run(String... args) {
        new SpringApplicationBuilder(NodeApplication.class).run(args);
    }

    private static final String[] BASE = {"--server.port=0", "--management.server.port=0",
            "--spring.main.banner-mode=off", "--logging.level.root=OFF"};

    private static String[] with(String... extra) {
        String[] all = new String[BASE.length + extra.length];
        System.arraycopy(BASE, 0, all, 0, BASE.length);
        System.arraycopy(extra, 0, all, BASE.length, extra.length);
        return all;
    }

    @Test
    void unknownEvictionPolicy_isRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=http://127.0.0.1:9", "--cdn.cache.policy=fifo-ish")))
                .hasStackTraceContaining("cdn.cache").hasStackTraceContaining("must name a known eviction policy: w-tinylfu");
    }

    @Test
    void missingOriginUrl_isRefused() {
        assertThatThrownBy(() -> run(with()))
                .hasStackTraceContaining("cdn.origin");
    }

    @Test
    void originUrlThatIsNotHttp_isRefused() {
        assertThatThrownBy(() -> run(with("--cdn.origin.url=ftp://127.0.0.1/")))
                .hasStackTraceContaining("cdn.origin").hasStackTraceContaining("must be an absolute http or https URL");
    }

    @Test
    void managementPortEqualToServerPort_isRefused() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(NodeApplication.class).run("--server.port=18999",
                "--management.server.port=18999", "--cdn.origin.url=http://127.0.0.1:9", "--logging.level.root=OFF"))
                .rootCause().hasMessageContaining("management.server.port must be set and differ from server.port");
    }
}
