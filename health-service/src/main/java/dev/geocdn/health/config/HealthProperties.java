package dev.geocdn.health.config;

import dev.geocdn.health.dns.provider.clouddns.CloudDnsProperties;
import dev.geocdn.health.dns.provider.route53.Route53Properties;
import dev.geocdn.protocol.topology.Membership;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The health service's configuration, under {@code cdn.health.*}.
 *
 * @param regions every region with its gateway and nodes (the same shape as the gateway's
 *                {@code cdn.gateway.regions})
 * @param probe   how targets are probed and judged
 * @param alerts  where state changes are sent
 * @param dns     the authoritative geo-DNS server
 */
@Validated
@ConfigurationProperties("cdn.health")
public record HealthProperties(
        @NotEmpty Map<String, Membership.RegionSpec> regions,
        @Valid @NotNull @DefaultValue Probe probe,
        @Valid @NotNull @DefaultValue Alerts alerts,
        @Valid @NotNull @DefaultValue Dns dns) {

    /**
     * @param interval          time between two probes of one target (each target has its own
     *                          ticker, started at a random offset)
     * @param timeout           how long a probe may take before it counts as failed
     * @param failuresToLeave   consecutive failed probes that take an up target out (N)
     * @param successesToReturn consecutive good probes that bring a target back (M)
     * @param cachePath         a path read through each node's data plane as "a real cache
     *                          read" (e.g. {@code /health-check.txt} on your origin); empty to
     *                          judge nodes by their health endpoint only
     */
    public record Probe(
            @DurationMin(inclusive = false) @DefaultValue("1s") Duration interval,
            @DurationMin(inclusive = false) @DefaultValue("800ms") Duration timeout,
            @Min(1) @DefaultValue("3") int failuresToLeave,
            @Min(1) @DefaultValue("2") int successesToReturn,
            @DefaultValue("") String cachePath) {
    }

    /**
     * @param webhookUrl an Alertmanager-compatible webhook receiver for node, gateway and region
     *                   state changes; empty for none
     */
    public record Alerts(URI webhookUrl) {
    }

    /**
     * @param enabled       whether to answer DNS
     * @param host          the address UDP and TCP listen on
     * @param port          the port (UDP and TCP)
     * @param name          the CDN's name this server is authoritative for
     * @param ttl           the TTL of answers: how long a resolver may keep sending clients to a
     *                      region after it went down
     * @param addresses     each region's gateway addresses (A/AAAA), IP literals
     * @param cidrs         client CIDR block to region (as the gateway's placement table)
     * @param distances     region-to-region distances (RTT ms), for the next-nearest region
     * @param defaultRegion where clients no block covers go; the first region by name when empty
     * @param route53       publish {@code name} in Amazon Route 53 instead of (or besides) answering
     *                      it ourselves
     * @param cloudDns      publish {@code name} in Google Cloud DNS
     * @param providerRetry how a provider that failed is retried
     */
    public record Dns(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("127.0.0.1") String host,
            @Min(0) @Max(65535) @DefaultValue("8053") int port,
            @DefaultValue("cdn.geocdn.local") String name,
            @DurationMin @DefaultValue("5s") Duration ttl,
            @DefaultValue Map<String, java.util.List<String>> addresses,
            @DefaultValue Map<String, String> cidrs,
            @DefaultValue Map<String, Map<String, Double>> distances,
            @DefaultValue("") String defaultRegion,
            @Valid @NotNull @DefaultValue Route53Properties route53,
            @Valid @NotNull @DefaultValue CloudDnsProperties cloudDns,
            @Valid @NotNull @DefaultValue Retry providerRetry) {

        public Dns {
            Set<String> withAddresses = addresses.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            route53.validateAgainst(withAddresses);
            cloudDns.validateAgainst(withAddresses);
        }
    }

    /**
     * Retries of a DNS provider whose apply failed (the API unreachable, throttling, a rejected
     * change): {@code initial}, doubled after each further failure, at most {@code max}.
     *
     * @param initial the delay after the first failure
     * @param max     the longest delay between two attempts
     */
    public record Retry(
            @DurationMin(inclusive = false) @DefaultValue("1s") Duration initial,
            @DurationMin(inclusive = false) @DefaultValue("1m") Duration max) {
    }
}
