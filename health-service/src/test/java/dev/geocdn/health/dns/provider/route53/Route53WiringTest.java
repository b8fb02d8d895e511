package dev.geocdn.health.dns.provider.route53;

import dev.geocdn.health.config.HealthContexts;
import dev.geocdn.health.membership.HealthBook;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static dev.geocdn.health.dns.provider.route53.Route53ProviderTest.ZONE_ID;
import static dev.geocdn.health.dns.provider.route53.Route53ProviderTest.ours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The health service end to end: real probes, the health book, the sync, the Route 53 stand-in. */
class Route53WiringTest {

    @Test
    void theProbedMembership_isPublishedToRoute53_withTheDownRegionWithdrawn() throws IOException {
        try (Route53StandIn standIn = new Route53StandIn(ZONE_ID, "example.com.")) {
            HealthContexts.probingUsWestUpAndEuWestDown().withPropertyValues(
                    "cdn.health.dns.route53.enabled=true",
                    "cdn.health.dns.route53.hosted-zone-id=" + ZONE_ID,
                    "cdn.health.dns.route53.endpoint=" + standIn.endpoint(),
                    "cdn.health.dns.route53.access-key-id=" + Route53StandIn.ACCESS_KEY_ID,
                    "cdn.health.dns.route53.secret-access-key=" + Route53StandIn.SECRET_ACCESS_KEY,
                    "cdn.health.dns.route53.regions.us-west.aws-region=us-west-2",
                    "cdn.health.dns.route53.regions.eu-west.aws-region=eu-west-1").run(context -> {
                assertThat(context).hasNotFailed();

                await().atMost(Duration.ofSeconds(20)).until(() -> ours(standIn).containsKey("us-west"));

                assertThat(context.getBean(HealthBook.class).current().upRegions()).containsExactly("us-west");
                assertThat(ours(standIn)).containsOnlyKeys("us-west");
                assertThat(standIn.zone.healthChecks()).singleElement()
                        .satisfies(c -> assertThat(c.config()).containsEntry("IPAddress", "192.0.2.10"));
            });
        }
    }
}
