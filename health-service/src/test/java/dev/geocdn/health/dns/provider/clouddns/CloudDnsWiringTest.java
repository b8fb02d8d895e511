package dev.geocdn.health.dns.provider.clouddns;

import dev.geocdn.health.config.HealthContexts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The health service end to end: real probes, the health book, the sync, the Cloud DNS stand-in. */
class CloudDnsWiringTest {

    @Test
    void theProbedMembership_isPublishedToCloudDns_withTheDownRegionWithdrawn() throws IOException {
        try (CloudDnsStandIn standIn = new CloudDnsStandIn("geocdn-test", "cdn-zone", "example.com.")) {
            HealthContexts.probingUsWestUpAndEuWestDown().withPropertyValues(
                    "cdn.health.dns.cloud-dns.enabled=true",
                    "cdn.health.dns.cloud-dns.project=geocdn-test",
                    "cdn.health.dns.cloud-dns.managed-zone=cdn-zone",
                    "cdn.health.dns.cloud-dns.endpoint=" + standIn.endpoint(),
                    "cdn.health.dns.cloud-dns.anonymous=true",
                    "cdn.health.dns.cloud-dns.regions.us-west.location=us-west1",
                    "cdn.health.dns.cloud-dns.regions.eu-west.location=europe-west1").run(context -> {
                assertThat(context).hasNotFailed();

                await().atMost(Duration.ofSeconds(20)).until(() -> standIn.zone.recordSets().containsKey("cdn.example.com. A"));

                JsonNode items = standIn.zone.recordSets().get("cdn.example.com. A").path("routingPolicy").path("geo").path("items");
                assertThat(items).singleElement().satisfies(item -> {
                    assertThat(item.path("location").asString()).isEqualTo("us-west1");
                    assertThat(item.path("rrdatas").get(0).asString()).isEqualTo("192.0.2.10");
                });
            });
        }
    }
}
