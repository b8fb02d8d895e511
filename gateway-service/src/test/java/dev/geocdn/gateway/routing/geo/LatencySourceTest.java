package dev.geocdn.gateway.routing.geo;

import dev.geocdn.gateway.latency.RegionLatencies;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class LatencySourceTest {

    private static final InetAddress ANYONE = InetAddress.getLoopbackAddress();
    private static final ClientInfo CLIENT = new ClientInfo(ANYONE, false, ANYONE, name -> null);

    private final RegionLatencies latencies = new RegionLatencies();
    private final AtomicReference<Collection<String>> upRegions =
            new AtomicReference<>(List.of("eu-west", "us-east", "ap-south"));
    private final LatencySource source = new LatencySource(latencies, upRegions::get);

    @Test
    void itsName_isLatency() {
        assertThat(source.name()).isEqualTo("latency");
    }

    @Test
    void theUpRegionWithTheLowestRtt_takesTheClient() {
        latencies.record("eu-west", Duration.ofMillis(90));
        latencies.record("us-east", Duration.ofMillis(12));
        latencies.record("ap-south", Duration.ofMillis(200));

        Placement placement = source.place(CLIENT).orElseThrow();

        assertThat(placement.region()).isEqualTo("us-east");
        assertThat(placement.source()).isEqualTo("latency");
        assertThat(placement.detail()).matches("rtt 12[.,]0 ms");
    }

    @Test
    void aNearerRegionThatIsDown_isPassedOver() {
        latencies.record("us-west", Duration.ofMillis(3));
        latencies.record("eu-west", Duration.ofMillis(40));

        assertThat(source.place(CLIENT)).map(Placement::region).contains("eu-west");
    }

    @Test
    void theUpRegionsAreAskedOnEveryPlacement() {
        latencies.record("eu-west", Duration.ofMillis(40));
        latencies.record("us-east", Duration.ofMillis(10));
        assertThat(source.place(CLIENT)).map(Placement::region).contains("us-east");

        upRegions.set(List.of("eu-west"));

        assertThat(source.place(CLIENT)).map(Placement::region).contains("eu-west");
    }

    @Test
    void withNoMeasuredUpRegion_itCannotTell() {
        latencies.record("us-west", Duration.ofMillis(3));

        assertThat(source.place(CLIENT)).isEmpty();
    }
}
