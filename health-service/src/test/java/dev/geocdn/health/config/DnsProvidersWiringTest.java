package dev.geocdn.health.config;

import dev.geocdn.health.dns.GeoDnsServer;
import dev.geocdn.health.dns.provider.DnsRecordsProvider;
import dev.geocdn.health.dns.provider.DnsRecordsSyncs;
import dev.geocdn.health.dns.provider.clouddns.CloudDnsProvider;
import dev.geocdn.health.dns.provider.route53.Route53Provider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which DNS provider beans the configuration creates. */
class DnsProvidersWiringTest {

    @Test
    void withoutAProviderEnabled_nothingIsSynced() {
        HealthContexts.probingUsWestUpAndEuWestDown().run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(DnsRecordsProvider.class).doesNotHaveBean(GeoDnsServer.class);
            assertThat(context.getBean(DnsRecordsSyncs.class).size()).isZero();
        });
    }

    @Test
    void eachEnabledProvider_isABeanWithItsOwnSync() {
        HealthContexts.probingUsWestUpAndEuWestDown().withPropertyValues(
                "cdn.health.dns.route53.enabled=true",
                "cdn.health.dns.route53.hosted-zone-id=Z1D633PJN98FT9",
                "cdn.health.dns.route53.endpoint=http://127.0.0.1:1",
                "cdn.health.dns.route53.access-key-id=AKID",
                "cdn.health.dns.route53.secret-access-key=secret",
                "cdn.health.dns.route53.regions.us-west.aws-region=us-west-2",
                "cdn.health.dns.route53.regions.eu-west.aws-region=eu-west-1",
                "cdn.health.dns.cloud-dns.enabled=true",
                "cdn.health.dns.cloud-dns.project=geocdn-test",
                "cdn.health.dns.cloud-dns.managed-zone=cdn-zone",
                "cdn.health.dns.cloud-dns.endpoint=http://127.0.0.1:1",
                "cdn.health.dns.cloud-dns.anonymous=true",
                "cdn.health.dns.cloud-dns.regions.us-west.location=us-west1",
                "cdn.health.dns.cloud-dns.regions.eu-west.location=europe-west1").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Route53Provider.class).hasSingleBean(CloudDnsProvider.class);
            assertThat(context.getBean(DnsRecordsSyncs.class).size()).isEqualTo(2);
        });
    }

    @Test
    void anEnabledProviderMissingASetting_stopsTheServiceNamingTheProperty() {
        HealthContexts.probingUsWestUpAndEuWestDown().withPropertyValues("cdn.health.dns.route53.enabled=true").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessage(
                        "cdn.health.dns.route53.hosted-zone-id is required when cdn.health.dns.route53.enabled=true"));
    }
}
