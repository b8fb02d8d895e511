package dev.geocdn.health.config;

import dev.geocdn.health.dns.provider.clouddns.CloudDnsProperties;
import dev.geocdn.health.dns.provider.route53.Route53Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding {@code cdn.health.*}: the DNS providers' settings, their defaults and their start-up errors. */
class HealthPropertiesTest {

    /** Two regions with gateway addresses (us-west, eu-west) and one without (ap-south). */
    private static final Map<String, String> WORLD = Map.of(
            "cdn.health.regions.us-west.nodes[0].id", "us-west-1",
            "cdn.health.regions.us-west.nodes[0].url", "http://127.0.0.1:1",
            "cdn.health.dns.addresses.us-west[0]", "192.0.2.10",
            "cdn.health.dns.addresses.eu-west[0]", "192.0.2.30");

    private static final Map<String, String> ROUTE53 = Map.of(
            "cdn.health.dns.route53.enabled", "true",
            "cdn.health.dns.route53.hosted-zone-id", "Z1D633PJN98FT9",
            "cdn.health.dns.route53.regions.us-west.aws-region", "us-west-2",
            "cdn.health.dns.route53.regions.eu-west.aws-region", "eu-west-1");

    private static final Map<String, String> CLOUD_DNS = Map.of(
            "cdn.health.dns.cloud-dns.enabled", "true",
            "cdn.health.dns.cloud-dns.project", "geocdn-prod",
            "cdn.health.dns.cloud-dns.managed-zone", "cdn-zone",
            "cdn.health.dns.cloud-dns.regions.us-west.location", "us-west1",
            "cdn.health.dns.cloud-dns.regions.eu-west.location", "europe-west1");

    @SafeVarargs
    private static HealthProperties bind(Map<String, String>... layers) {
        Map<String, String> all = new HashMap<>(WORLD);
        for (Map<String, String> layer : layers) {
            all.putAll(layer);
        }
        all.values().removeIf(String::isEmpty); // "" in a table: the property is not set
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("cdn.health", HealthProperties.class);
    }

    /** {@code a=1;b=2} as properties under {@code cdn.health.dns.}. */
    private static Map<String, String> dns(String assignments) {
        Map<String, String> out = new HashMap<>();
        for (String assignment : assignments.split(";")) {
            String[] kv = assignment.split("=", 2);
            out.put("cdn.health.dns." + kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
        }
        return out;
    }

    @Test
    void providersAreOffByDefault_withDocumentedDefaults() {
        HealthProperties.Dns dns = bind().dns();

        assertThat(dns.route53().enabled()).isFalse();
        assertThat(dns.cloudDns().enabled()).isFalse();
        assertThat(dns.route53().routing()).isEqualTo(Route53Properties.Routing.LATENCY);
        assertThat(dns.route53().healthChecks()).isEqualTo(new Route53Properties.HealthChecks(
                true, Route53Properties.Protocol.HTTP, 80, "/actuator/health", 30, 3));
        assertThat(dns.route53().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(dns.route53().staticCredentials()).isFalse();
        assertThat(dns.providerRetry()).isEqualTo(new HealthProperties.Retry(Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }

    @Test
    void aCompleteRoute53AndCloudDnsConfiguration_binds() {
        HealthProperties.Dns dns = bind(ROUTE53, CLOUD_DNS, dns("route53.endpoint=http://127.0.0.1:4566;"
                + "route53.access-key-id=AKID;route53.secret-access-key=s3cr3t;route53.health-checks.port=8080;"
                + "cloud-dns.credentials-file=/etc/geocdn/dns-sa.json;provider-retry.initial=2s")).dns();

        Route53Properties route53 = dns.route53();
        assertThat(route53.hostedZoneId()).isEqualTo("Z1D633PJN98FT9");
        assertThat(route53.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(route53.regions()).containsEntry("eu-west", new Route53Properties.Region("eu-west-1"));
        assertThat(route53.staticCredentials()).isTrue();
        assertThat(route53.healthChecks().port()).isEqualTo(8080);
        CloudDnsProperties cloudDns = dns.cloudDns();
        assertThat(cloudDns.location("us-west")).isEqualTo("us-west1");
        assertThat(cloudDns.credentialsFile()).isEqualTo(Path.of("/etc/geocdn/dns-sa.json"));
        assertThat(cloudDns.anonymous()).isFalse();
        assertThat(dns.providerRetry().initial()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void failoverRouting_needsNoAwsRegions() {
        Map<String, String> failover = new HashMap<>(ROUTE53);
        failover.remove("cdn.health.dns.route53.regions.eu-west.aws-region");

        Route53Properties route53 = bind(failover, dns("route53.routing=FAILOVER;route53.failover-order=eu-west,us-west"))
                .dns().route53();

        assertThat(route53.failoverOrder()).containsExactly("eu-west", "us-west");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            route53.hosted-zone-id=                               | cdn.health.dns.route53.hosted-zone-id is required when cdn.health.dns.route53.enabled=true
            route53.regions.eu-west.aws-region=                   | cdn.health.dns.route53.regions.eu-west.aws-region is required for LATENCY routing
            route53.regions.us-west.aws-region=mars-north-1       | cdn.health.dns.route53.regions.us-west.aws-region 'mars-north-1' is not a Route 53 latency region
            route53.routing=FAILOVER;route53.failover-order=us-west | cdn.health.dns.route53.failover-order needs two or more distinct regions for FAILOVER routing
            route53.routing=FAILOVER;route53.failover-order=us-west,ap-south | cdn.health.dns.route53.failover-order names ap-south, which has no cdn.health.dns.addresses
            route53.access-key-id=AKID                            | cdn.health.dns.route53.access-key-id and secret-access-key go together
            route53.health-checks.request-interval=15             | cdn.health.dns.route53.health-checks.request-interval must be 10 or 30, got 15
            route53.health-checks.path=actuator/health            | cdn.health.dns.route53.health-checks.path must start with /, got 'actuator/health'
            """)
    void aBadRoute53Setting_failsBindingNamingTheProperty(String assignments, String message) {
        assertThatThrownBy(() -> bind(ROUTE53, dns(assignments))).rootCause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            cloud-dns.project=                                     | cdn.health.dns.cloud-dns.project is required when cdn.health.dns.cloud-dns.enabled=true
            cloud-dns.managed-zone=                                | cdn.health.dns.cloud-dns.managed-zone is required when cdn.health.dns.cloud-dns.enabled=true
            cloud-dns.regions.eu-west.location=                    | cdn.health.dns.cloud-dns.regions.eu-west.location is required
            cloud-dns.regions.eu-west.location=us-west1            | cdn.health.dns.cloud-dns.regions: eu-west and us-west both have location us-west1 (a geo policy names each location once)
            cloud-dns.anonymous=true;cloud-dns.credentials-file=/k.json | cdn.health.dns.cloud-dns.anonymous and credentials-file exclude each other
            """)
    void aBadCloudDnsSetting_failsBindingNamingTheProperty(String assignments, String message) {
        assertThatThrownBy(() -> bind(CLOUD_DNS, dns(assignments))).rootCause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void disabledProviders_areNotCheckedAgainstTheRegions() {
        HealthProperties properties = bind(dns("route53.routing=FAILOVER;cloud-dns.managed-zone=cdn-zone"));

        assertThat(properties.dns().route53().failoverOrder()).isEmpty();
        assertThat(properties.dns().addresses()).containsOnlyKeys("us-west", "eu-west");
        assertThat(properties.dns().addresses().get("us-west")).isEqualTo(List.of("192.0.2.10"));
    }
}
