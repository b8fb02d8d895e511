package dev.geocdn.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalClusterMainTest {

    @Test
    void noFlags_giveTheDocumentedFixedPorts() {
        WorldConfig c = LocalClusterMain.parse(new String[0]);
        assertThat(c.gatewayPort()).isEqualTo(8080);
        assertThat(c.controlPort()).isEqualTo(8083);
        assertThat(c.originPort()).isEqualTo(9000);
        assertThat(c.invalidationPort()).isEqualTo(8081);
        assertThat(c.adminToken()).as("made at start-up").isNull();
        assertThat(c.regions()).containsExactly("us-west", "us-east", "eu-west");
        assertThat(c.cidrs()).containsEntry("127.0.1.0/24", "us-west").containsEntry("127.0.2.0/24", "us-east")
                .containsEntry("127.0.3.0/24", "eu-west");
        assertThat(c.originUrl()).isNull();
    }

    @Test
    void flags_changePortsAndPutAUsersOriginBehindTheCdn() {
        WorldConfig c = LocalClusterMain.parse(new String[]{"--gateway-port=18080", "--control-port=18083",
                "--origin=https://www.example.com", "--max-bytes=1GB", "--emulate-latency=on",
                "--invalidation-port=18081", "--admin-token=0123456789abcdef", "--redis=on"});
        assertThat(c.gatewayPort()).isEqualTo(18080);
        assertThat(c.controlPort()).isEqualTo(18083);
        assertThat(c.originUrl()).isEqualTo("https://www.example.com");
        assertThat(c.maxBytes()).isEqualTo("1GB");
        assertThat(c.emulateLatency()).isTrue();
        assertThat(c.invalidationPort()).isEqualTo(18081);
        assertThat(c.adminToken()).isEqualTo("0123456789abcdef");
        assertThat(c.redis()).isTrue();
        assertThat(LocalClusterMain.parse(new String[0]).emulateLatency()).as("off by default").isFalse();
        assertThat(LocalClusterMain.parse(new String[0]).redis()).as("memory only by default").isFalse();
        assertThat(LocalClusterMain.parse(new String[0]).siblings()).as("off by default").isFalse();
    }

    @Test
    void siblings_areTheOtherRegions_nearestFirst() {
        WorldConfig c = LocalClusterMain.parse(new String[]{"--siblings=on"});

        assertThat(c.siblings()).isTrue();
        // us-west/us-east 60 ms, us-east/eu-west 80 ms, us-west/eu-west 140 ms
        assertThat(c.othersByDistance("us-west")).containsExactly("us-east", "eu-west");
        assertThat(c.othersByDistance("eu-west")).containsExactly("us-east", "us-west");
        assertThat(c.othersByDistance("us-east")).containsExactly("us-west", "eu-west");
    }

    @Test
    void otlp_exportsEveryServicesSpans_everyRequestSampled() {
        WorldConfig c = LocalClusterMain.parse(new String[]{"--otlp=http://127.0.0.1:4318/v1/traces"});

        assertThat(c.tracingArgs()).contains("--management.opentelemetry.tracing.export.otlp.endpoint="
                + "http://127.0.0.1:4318/v1/traces", "--management.tracing.sampling.probability=1.0");
        assertThat(LocalClusterMain.parse(new String[0]).tracingArgs()).as("the services' own defaults").isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--gateway-port=http | --gateway-port must be a port number",
            "--node-port=70000 | --node-port must be a port number",
            "--origin=ftp://x | --origin must be an http or https URL",
            "--max-bytes=lots | --max-bytes must look like 64MB",
            "--emulate-latency=yes | --emulate-latency must be on or off",
            "--redis=yes | --redis must be on or off",
            "--siblings=yes | --siblings must be on or off",
            "--otlp=collector:4318 | --otlp must be an http(s) URL of an OTLP/HTTP traces endpoint",
            "--otlp=ftp://127.0.0.1/v1/traces | --otlp must be an http(s) URL",
            "--admin-token=short | --admin-token must be at least 16 visible characters",
            "--colour=blue | unknown flag --colour",
            "verbose | unknown argument 'verbose'"})
    void badFlags_areRefusedWithAMessage(String flag, String message) {
        assertThatThrownBy(() -> LocalClusterMain.parse(new String[]{flag})).hasMessageContaining(message);
    }

    @Test
    void theRootCause_isWhatAFailedStartReports() {
        RuntimeException error = new IllegalStateException("context failed",
                new RuntimeException("Failed to bind on [127.0.0.1:9000]",
                        new java.io.IOException("bind(..) failed: Address already in use")));

        assertThat(LocalClusterMain.rootMessage(error))
                .isEqualTo("Failed to bind on [127.0.0.1:9000]: bind(..) failed: Address already in use");
    }

    @Test
    void aWorldThatCannotStart_stopsThePartsItStarted() throws Exception {
        int gatewayPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            gatewayPort = probe.getLocalPort();
        }
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            WorldConfig config = WorldConfig.ephemeral().withPorts(0, gatewayPort, 0, busy.getLocalPort(), 0, 0, 0);

            assertThatThrownBy(() -> LocalWorld.start(config)).as("the health service's port is taken")
                    .isInstanceOf(RuntimeException.class);
        }
        try (java.net.ServerSocket again = new java.net.ServerSocket(gatewayPort, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the global gateway was stopped").isEqualTo(gatewayPort);
        }
    }
}
