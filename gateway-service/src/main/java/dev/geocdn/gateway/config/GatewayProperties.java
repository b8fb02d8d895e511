package dev.geocdn.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.geocdn.protocol.topology.Membership;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's configuration, under {@code cdn.gateway.*}.
 *
 * @param id        this gateway's name: its {@code Cache-Status} entry and log name
 * @param region    the region this gateway serves (a regional gateway, which forwards to nodes);
 *                  empty for the global entry gateway, which places clients and forwards to
 *                  regional gateways
 * @param regions   the static topology: every region with its gateway URL and nodes; the
 *                  health service's membership replaces its states when configured
 * @param distances region-to-region distances (RTT in ms), read both ways, for "next-nearest"
 * @param placement how clients are placed in regions (used by the global entry gateway)
 * @param failover  timeouts and the per-target circuit breaker
 * @param membership where live membership comes from
 * @param latency   RTT probing of regions, and emulated inter-region RTT for the local world
 * @param fastPath  the fast path for bodiless GET and HEAD requests
 */
@Validated
@ConfigurationProperties("cdn.gateway")
public record GatewayProperties(
        @NotBlank @DefaultValue("gateway") String id,
        @DefaultValue("") String region,
        @NotEmpty Map<String, Membership.RegionSpec> regions,
        @DefaultValue Map<String, Map<String, Double>> distances,
        @Valid @NotNull @DefaultValue Placement placement,
        @Valid @NotNull @DefaultValue Failover failover,
        @Valid @NotNull @DefaultValue MembershipSource membership,
        @Valid @NotNull @DefaultValue Latency latency,
        @Valid @NotNull @DefaultValue FastPath fastPath) {

    public boolean isRegional() {
        return region != null && !region.isBlank();
    }

    /** A regional gateway must name a configured region. */
    @AssertTrue(message = "cdn.gateway.region must be one of cdn.gateway.regions")
    public boolean isRegionKnown() {
        return !isRegional() || regions == null || regions.containsKey(region);
    }

    /** The global entry gateway forwards to regional gateways, so each region needs one. */
    @AssertTrue(message = "every region needs a gateway URL on the global entry gateway (cdn.gateway.regions.<name>.gateway)")
    public boolean isEveryRegionReachable() {
        return isRegional() || regions == null || regions.values().stream().allMatch(r -> r.gateway() != null);
    }

    /**
     * @param order          the geo sources in the order they are tried: {@code header},
     *                       {@code cidr}, {@code maxmind} (skipped when no database is
     *                       configured), {@code latency}
     * @param trustedProxies CIDR blocks whose geo header and {@code Forwarded} header are
     *                       believed; from anyone else they are ignored
     * @param geoHeader      the header a trusted proxy sets: a region name or a country code
     * @param countries      ISO country code to region, for geo headers that carry countries
     * @param cidrs          CIDR block to region (longest prefix wins)
     * @param maxmind        a MaxMind GeoLite2/GeoIP2 database placing clients by country
     * @param defaultRegion  where clients go that no source places; the first region by name
     *                       when empty
     */
    public record Placement(
            @DefaultValue({"header", "cidr", "maxmind", "latency"}) List<String> order,
            @DefaultValue List<String> trustedProxies,
            @NotBlank @DefaultValue("X-Client-Region") String geoHeader,
            @DefaultValue Map<String, String> countries,
            @DefaultValue Map<String, String> cidrs,
            @Valid @NotNull @DefaultValue MaxMind maxmind,
            @DefaultValue("") String defaultRegion) {

        @AssertTrue(message = "cdn.gateway.placement.order may only name header, cidr, maxmind and latency")
        public boolean isOrderKnown() {
            return order == null || dev.geocdn.gateway.routing.geo.GeoSources.names().containsAll(order);
        }
    }

    /**
     * @param database   a GeoLite2/GeoIP2 Country, City or Enterprise database file (.mmdb);
     *                   none when empty. Read at start-up: a missing or damaged file stops the
     *                   gateway with a message naming it
     * @param continents continent code ({@code EU}, {@code NA}, {@code AS}, ...) to region, for
     *                   countries that {@code placement.countries} does not name
     */
    public record MaxMind(
            java.nio.file.Path database,
            @DefaultValue Map<String, String> continents) {
    }

    /**
     * @param connectTimeout  how long a connection to a node or gateway may take before the
     *                        next one is tried
     * @param responseTimeout how long to wait for response headers before the next target is
     *                        tried (idempotent requests only)
     * @param breaker         the circuit breaker per target
     */
    public record Failover(
            @DurationMin(inclusive = false) @DefaultValue("1s") Duration connectTimeout,
            @DurationMin(inclusive = false) @DefaultValue("30s") Duration responseTimeout,
            @Valid @DefaultValue Breaker breaker) {
    }

    /**
     * @param failureRateThreshold percentage of failed calls that opens a target's circuit
     * @param slidingWindowSize    calls looked at
     * @param minimumCalls         calls needed before the rate is judged
     * @param openDuration         how long a circuit stays open before a trial call
     */
    public record Breaker(
            @Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
            @Min(1) @DefaultValue("10") int slidingWindowSize,
            @Min(1) @DefaultValue("3") int minimumCalls,
            @DurationMin(inclusive = false) @DefaultValue("5s") Duration openDuration) {
    }

    /**
     * @param healthServiceUrl the health service's base URL; its membership stream replaces the
     *                         static states (empty: static configuration, everything up)
     */
    public record MembershipSource(URI healthServiceUrl) {
    }

    /**
     * @param probeInterval how often each region's RTT is measured (TCP connect time)
     * @param emulatedRtt   an RTT matrix (ms) added to requests served from another region
     *                      than the client's; for the local world and benchmarks, empty in
     *                      production
     */
    public record Latency(
            @DurationMin(inclusive = false) @DefaultValue("5s") Duration probeInterval,
            @DefaultValue Map<String, Map<String, Double>> emulatedRtt) {
    }

    /**
     * @param enabled            whether bodiless GET and HEAD requests are forwarded by the fast
     *                           path under Spring Cloud Gateway (it stands aside by itself while
     *                           routes other than GeoCDN's own are configured)
     * @param maxIdleConnections idle keep-alive connections kept per target and event loop
     */
    public record FastPath(
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("128") int maxIdleConnections) {
    }
}
