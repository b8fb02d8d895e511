package dev.geocdn.gateway.config;

import dev.geocdn.gateway.latency.EmulatedRtt;
import dev.geocdn.gateway.latency.RegionLatencies;
import dev.geocdn.gateway.latency.RegionProber;
import dev.geocdn.gateway.metrics.GatewayMetrics;
import dev.geocdn.gateway.proxy.ClientInfoReader;
import dev.geocdn.gateway.proxy.ForwardedHeaderFilter;
import dev.geocdn.gateway.proxy.RegionRoutingFilter;
import dev.geocdn.gateway.proxy.Routing;
import dev.geocdn.gateway.proxy.AccessLog;
import dev.geocdn.gateway.proxy.TargetBreakers;
import dev.geocdn.gateway.routing.geo.ClientLocator;
import dev.geocdn.gateway.routing.geo.GeoSource;
import dev.geocdn.gateway.routing.geo.GeoSources;
import dev.geocdn.gateway.routing.geo.MaxMindSource;
import dev.geocdn.gateway.routing.plan.RoutePlanner;
import dev.geocdn.membership.MembershipSubscriber;
import dev.geocdn.membership.MembershipView;
import dev.geocdn.protocol.net.Cidr;
import dev.geocdn.protocol.net.CidrTable;
import dev.geocdn.protocol.topology.Membership;
import dev.geocdn.protocol.topology.RegionDistances;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Wires the gateway from {@link GatewayProperties}: the only place configuration is read. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /** One route for every path; {@link RegionRoutingFilter} replaces its URL per request. */
    @Bean
    RouteLocator geocdnRoutes(RouteLocatorBuilder builder, GatewayProperties properties) {
        GatewayProperties.Failover failover = properties.failover();
        return builder.routes()
                .route(dev.geocdn.gateway.fastpath.FastPathConfiguration.ROUTE_ID, r -> r.path("/**")
                        .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) failover.connectTimeout().toMillis())
                        .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, failover.responseTimeout().toMillis())
                        .uri("http://planned.invalid"))
                .build();
    }

    @Bean
    MembershipView membershipView(GatewayProperties properties, Clock clock) {
        return new MembershipView(Membership.allUp(new TreeMap<>(properties.regions()), clock.instant()));
    }

    /** Live membership from the health service, when one is configured. */
    @Bean(destroyMethod = "close")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("cdn.gateway.membership.health-service-url")
    MembershipSubscriber membershipSubscriber(GatewayProperties properties, MembershipView view) {
        return new MembershipSubscriber(org.springframework.web.reactive.function.client.WebClient.builder(),
                properties.membership().healthServiceUrl(), view);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RegionLatencies regionLatencies() {
        return new RegionLatencies();
    }

    @Bean
    EmulatedRtt emulatedRtt(GatewayProperties properties) {
        return new EmulatedRtt(properties.latency().emulatedRtt());
    }

    @Bean(destroyMethod = "close")
    RegionProber regionProber(GatewayProperties properties, MembershipView membership, RegionLatencies latencies,
                              EmulatedRtt emulatedRtt) {
        return new RegionProber(membership, latencies, properties.region(), emulatedRtt,
                properties.latency().probeInterval());
    }

    @Bean
    TargetBreakers targetBreakers(GatewayProperties properties, MeterRegistry meters) {
        TargetBreakers breakers = new TargetBreakers(properties.failover().breaker(), meters);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers.registry()).bindTo(meters);
        return breakers;
    }

    /**
     * Every meter's common tags: {@code region} (the gateway's, or {@code global}) and
     * {@code gateway} (its id), as a node's carry {@code region} and {@code node}.
     */
    @Bean
    MeterRegistryCustomizer<MeterRegistry> gatewayMeterTags(GatewayProperties properties) {
        String region = properties.isRegional() ? properties.region() : GatewayMetrics.GLOBAL;
        return registry -> registry.config().commonTags("region", region, "gateway", properties.id());
    }

    /** The gateway's own metrics, with the membership gauges of every configured region. */
    @Bean
    GatewayMetrics gatewayMetrics(MeterRegistry meters, MembershipView membership, GatewayProperties properties) {
        GatewayMetrics metrics = new GatewayMetrics(meters);
        metrics.bindMembership(membership, new TreeMap<>(properties.regions()).keySet());
        return metrics;
    }

    @Bean
    ForwardedHeaderFilter geocdnForwardedHeaderFilter() {
        return new ForwardedHeaderFilter();
    }

    /** The MaxMind database, opened once at start-up when one is configured. */
    @Bean(destroyMethod = "close")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("cdn.gateway.placement.maxmind.database")
    MaxMindSource maxMindSource(GatewayProperties properties) {
        GatewayProperties.Placement placement = properties.placement();
        return MaxMindSource.open(placement.maxmind().database(), placement.countries(),
                placement.maxmind().continents());
    }

    @Bean(destroyMethod = "close")
    AccessLog gatewayAccessLog() {
        return new AccessLog();
    }

    @Bean
    RegionRoutingFilter regionRoutingFilter(Routing routing) {
        return new RegionRoutingFilter(routing);
    }

    @Bean
    Routing routing(GatewayProperties properties, MembershipView membership, TargetBreakers breakers,
                    RegionLatencies latencies, EmulatedRtt emulatedRtt, GatewayMetrics metrics, AccessLog accessLog,
                    org.springframework.beans.factory.ObjectProvider<MaxMindSource> maxMind) {
        GatewayProperties.Placement placement = properties.placement();
        ClientInfoReader clients = new ClientInfoReader(trusted(placement.trustedProxies()));
        RegionDistances distances = new RegionDistances(properties.distances());
        Routing.RegionChoice choice;
        RoutePlanner planner;
        if (properties.isRegional()) {
            choice = new Routing.RegionChoice.Home(properties.region());
            planner = new RoutePlanner(distances, RoutePlanner.Mode.NODES);
        } else {
            choice = new Routing.RegionChoice.Located(
                    locator(properties, membership, latencies, maxMind.getIfAvailable()));
            planner = new RoutePlanner(distances, RoutePlanner.Mode.GATEWAYS);
        }
        return Routing.of(properties.id(), choice, membership, planner, breakers, clients, emulatedRtt, metrics,
                accessLog);
    }

    /** The configured sources in order; {@code maxmind} without a database is left out. */
    private static ClientLocator locator(GatewayProperties properties, MembershipView membership,
                                         RegionLatencies latencies, MaxMindSource maxMind) {
        GatewayProperties.Placement placement = properties.placement();
        Map<String, String> countries = placement.countries().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toUpperCase(java.util.Locale.ROOT), Map.Entry::getValue));
        List<GeoSource> sources = GeoSources.build(placement.order(), new GeoSources.Context(placement.geoHeader(),
                countries, CidrTable.of(placement.cidrs()), maxMind, latencies,
                () -> membership.current().byName().keySet(), () -> membership.current().upRegions()));
        String fallback = placement.defaultRegion().isBlank()
                ? new TreeMap<>(properties.regions()).firstKey() : placement.defaultRegion();
        return new ClientLocator(sources, fallback);
    }

    private static CidrTable<Boolean> trusted(List<String> blocks) {
        return new CidrTable<>(blocks.stream().map(b -> new CidrTable.Entry<>(Cidr.parse(b), true)).toList());
    }
}
