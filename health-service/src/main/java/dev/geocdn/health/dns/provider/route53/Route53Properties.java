package dev.geocdn.health.dns.provider.route53;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;
import software.amazon.awssdk.services.route53.model.ResourceRecordSetRegion;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Route 53 provider, under {@code cdn.health.dns.route53.*}. Checked when bound: a provider
 * that is enabled with a missing or inconsistent setting stops the service at start-up with the
 * property's name, rather than failing on every apply later.
 *
 * @param enabled         whether to publish the CDN's name in Route 53
 * @param hostedZoneId    the hosted zone that holds {@code cdn.health.dns.name}
 *                        ({@code Z1D633PJN98FT9}); required when enabled
 * @param endpoint        the API's base URL; unset for Route 53's own. Set it for a stand-in in
 *                        tests, a VPC endpoint or a proxy
 * @param routing         how Route 53 picks among the regions' records
 * @param regions         our region to its AWS region ({@code us-west: {aws-region: us-west-2}}):
 *                        where Route 53 measures latency to; required for every region with
 *                        addresses when routing is {@code LATENCY}
 * @param failoverOrder   our regions, most preferred first: the first published one is PRIMARY,
 *                        the next SECONDARY; at least two when routing is {@code FAILOVER}
 * @param healthChecks    Route 53 health checks on each region's gateway, attached to its records
 * @param accessKeyId     a static access key; empty to use the SDK's default chain (environment,
 *                        profile, container or instance role), which production should prefer
 * @param secretAccessKey the static key's secret; set together with {@code access-key-id}
 * @param timeout         connect and read timeout of each API call
 */
public record Route53Properties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String hostedZoneId,
        URI endpoint,
        @NotNull @DefaultValue("LATENCY") Routing routing,
        @DefaultValue Map<String, Region> regions,
        @DefaultValue List<String> failoverOrder,
        @Valid @NotNull @DefaultValue HealthChecks healthChecks,
        @DefaultValue("") String accessKeyId,
        @DefaultValue("") String secretAccessKey,
        @DefaultValue("10s") Duration timeout) {

    /** Route 53 routing policies we publish. */
    public enum Routing {
        /** One record set per region, tagged with its AWS region; Route 53 answers the lowest-latency one. */
        LATENCY,
        /** A PRIMARY and a SECONDARY record set; Route 53 answers the secondary when the primary's health check fails. */
        FAILOVER
    }

    /**
     * Where one of our regions is for Route 53.
     *
     * @param awsRegion the AWS region Route 53 measures latency to ({@code us-west-2})
     */
    public record Region(String awsRegion) {
    }

    /**
     * Route 53 health checks, one per published region, on its first gateway address. Route 53
     * checks from its own locations around the world, so the address must be reachable from the
     * internet.
     *
     * @param enabled          whether to create health checks and attach them to records
     * @param protocol         HTTP or HTTPS
     * @param port             the gateway port the checkers connect to
     * @param path             the path requested; a 2xx or 3xx answer is healthy
     * @param requestInterval  seconds between two checks from one checker: 10 or 30
     * @param failureThreshold consecutive failures (1 to 10) that make the endpoint unhealthy
     */
    public record HealthChecks(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("HTTP") Protocol protocol,
            @Min(1) @Max(65535) @DefaultValue("80") int port,
            @DefaultValue("/actuator/health") String path,
            @DefaultValue("30") int requestInterval,
            @Min(1) @Max(10) @DefaultValue("3") int failureThreshold) {

        public HealthChecks {
            if (requestInterval != 10 && requestInterval != 30) {
                throw new IllegalArgumentException(
                        "cdn.health.dns.route53.health-checks.request-interval must be 10 or 30, got " + requestInterval);
            }
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException(
                        "cdn.health.dns.route53.health-checks.path must start with /, got '" + path + "'");
            }
        }
    }

    /** The protocols of health checks we create. */
    public enum Protocol { HTTP, HTTPS }

    public Route53Properties {
        regions = regions == null ? Map.of() : Map.copyOf(regions);
        failoverOrder = failoverOrder == null ? List.of() : List.copyOf(failoverOrder);
        if (enabled && (hostedZoneId == null || hostedZoneId.isBlank())) {
            throw new IllegalArgumentException(
                    "cdn.health.dns.route53.hosted-zone-id is required when cdn.health.dns.route53.enabled=true");
        }
        if (accessKeyId.isBlank() != secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("cdn.health.dns.route53.access-key-id and secret-access-key go together");
        }
    }

    /** Checks the settings that depend on which regions have addresses; throws naming the property. */
    public void validateAgainst(Set<String> regionsWithAddresses) {
        if (!enabled) {
            return;
        }
        switch (routing) {
            case LATENCY -> regionsWithAddresses.stream().sorted().forEach(region -> {
                Region where = regions.get(region);
                String prefix = "cdn.health.dns.route53.regions." + region + ".aws-region";
                if (where == null || where.awsRegion() == null || where.awsRegion().isBlank()) {
                    throw new IllegalArgumentException(prefix + " is required for LATENCY routing");
                }
                if (ResourceRecordSetRegion.fromValue(where.awsRegion()) == ResourceRecordSetRegion.UNKNOWN_TO_SDK_VERSION) {
                    throw new IllegalArgumentException(prefix + " '" + where.awsRegion() + "' is not a Route 53 latency region");
                }
            });
            case FAILOVER -> {
                if (failoverOrder.size() < 2 || Set.copyOf(failoverOrder).size() != failoverOrder.size()) {
                    throw new IllegalArgumentException(
                            "cdn.health.dns.route53.failover-order needs two or more distinct regions for FAILOVER routing");
                }
                failoverOrder.stream().filter(r -> !regionsWithAddresses.contains(r)).findFirst().ifPresent(r -> {
                    throw new IllegalArgumentException("cdn.health.dns.route53.failover-order names " + r
                            + ", which has no cdn.health.dns.addresses");
                });
            }
        }
    }

    /** Whether to sign with a static key rather than the default chain. */
    public boolean staticCredentials() {
        return !accessKeyId.isBlank();
    }
}
