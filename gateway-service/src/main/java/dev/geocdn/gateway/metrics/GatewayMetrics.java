package dev.geocdn.gateway.metrics;

import dev.geocdn.gateway.routing.geo.Placement;
import dev.geocdn.gateway.routing.plan.Hop;
import dev.geocdn.membership.MembershipView;
import dev.geocdn.protocol.topology.RegionStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own Prometheus metrics. Every meter also carries the common tags {@code region}
 * (the gateway's region, {@value #GLOBAL} for the global entry gateway) and {@code gateway} (its
 * id, {@code cdn.gateway.id}), as the node's carry {@code region} and {@code node}.
 *
 * <ul>
 *   <li>{@code geocdn_gateway_requests_total{outcome, client_region, serving_region}}: requests by
 *       {@link RequestOutcome} ({@code local}, {@code failover_node}, {@code failover_region},
 *       {@code error}), the region the client was placed in and the region that answered
 *       ({@value #NONE} when none did). Both are configured region names, so there are at most
 *       four series per pair of regions.</li>
 *   <li>{@code geocdn_gateway_request_duration_seconds{outcome}}: histogram from the request's
 *       arrival to the end of its response, failovers included.</li>
 *   <li>{@code geocdn_gateway_failovers_total{scope, reason}}: each time a request moves on from a
 *       target to the next one of its plan. {@code scope} is {@code node} when the next target is
 *       in the same region, {@code region} when it is in another (always, on the global entry
 *       gateway, whose targets are regions); {@code reason} is a {@link FailoverReason}.</li>
 *   <li>{@code geocdn_gateway_placements_total{source, client_region}}: clients placed by the
 *       global entry gateway, by the geo source that decided ({@code header}, {@code cidr},
 *       {@code maxmind}, {@code latency} or {@code default}). A regional gateway takes every
 *       client as its region's and counts none.</li>
 *   <li>{@code geocdn_gateway_healthy_nodes{member_region}}: per configured region, how many of
 *       its nodes are up in the membership this gateway routes by.</li>
 *   <li>{@code geocdn_gateway_region_up{member_region}}: 1 when that membership has the region up,
 *       else 0.</li>
 * </ul>
 *
 * <p>Concurrency: called on the event loops for every request; a meter is created once per tag
 * combination and then found in a concurrent map. Gauges read the membership's current snapshot
 * (a volatile load) when scraped.
 */
public final class GatewayMetrics {

    /** The {@code region} tag of the global entry gateway, which serves no region of its own. */
    public static final String GLOBAL = "global";
    /** The {@code serving_region} of a request that no target answered. */
    public static final String NONE = "none";

    /** Why a request moved on from a target to the next one ({@code reason} tag). */
    public enum FailoverReason {
        /** The connection failed: the target never saw the request. */
        CONNECT_FAILED("connect_failed"),
        /** A timeout or a connection lost before the response (idempotent requests only). */
        NO_RESPONSE("no_response"),
        /** The target's circuit was open: skipped without trying it. */
        CIRCUIT_OPEN("circuit_open");

        private final String tagValue;

        FailoverReason(String tagValue) {
            this.tagValue = tagValue;
        }
    }

    private record RequestKey(RequestOutcome outcome, String clientRegion, String servingRegion) {
    }

    private record FailoverKey(boolean sameRegion, FailoverReason reason) {
    }

    private record PlacementKey(String source, String clientRegion) {
    }

    private final MeterRegistry registry;
    private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final Map<RequestOutcome, Timer> durations = new EnumMap<>(RequestOutcome.class);
    private final Map<FailoverKey, Counter> failovers = new ConcurrentHashMap<>();
    private final Map<PlacementKey, Counter> placements = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RequestOutcome outcome : RequestOutcome.values()) {
            durations.put(outcome, Timer.builder("geocdn.gateway.request.duration").tag("outcome", outcome.tagValue())
                    .description("Time from a request's arrival to the end of its response, failovers included")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry));
        }
        // every failover series exists from the start, at 0: a rate over it then reads 0, not "no data"
        for (boolean sameRegion : new boolean[]{true, false}) {
            for (FailoverReason reason : FailoverReason.values()) {
                failover(new FailoverKey(sameRegion, reason));
            }
        }
    }

    /** Counts a client placed by a geo source. */
    public void placed(Placement placement) {
        placements.computeIfAbsent(new PlacementKey(placement.source(), placement.region()),
                k -> Counter.builder("geocdn.gateway.placements").tag("source", k.source())
                        .tag("client_region", k.clientRegion())
                        .description("Clients placed in a region, by the geo source that decided").register(registry))
                .increment();
    }

    /** Counts a request moving on from {@code from} to {@code to}, the next target of its plan. */
    public void failedOver(Hop from, Hop to, FailoverReason reason) {
        failover(new FailoverKey(from.region().equals(to.region()), reason)).increment();
    }

    private Counter failover(FailoverKey key) {
        return failovers.computeIfAbsent(key,
                k -> Counter.builder("geocdn.gateway.failovers").tag("scope", k.sameRegion() ? "node" : "region")
                        .tag("reason", k.reason().tagValue)
                        .description("Requests moved on from a target to the next one").register(registry));
    }

    /**
     * Records a finished request.
     *
     * @param clientRegion  the region the client was placed in
     * @param servingRegion the region of the target that answered; null when none did
     * @param passedOver    whether a target was passed over before the one that answered
     */
    public void finished(String clientRegion, String servingRegion, boolean passedOver, long durationNanos) {
        RequestOutcome outcome = RequestOutcome.of(clientRegion, servingRegion, passedOver);
        // the histogram first: whoever sees the counter at n sees at least n requests timed
        durations.get(outcome).record(durationNanos, TimeUnit.NANOSECONDS);
        requests.computeIfAbsent(new RequestKey(outcome, clientRegion, servingRegion == null ? NONE : servingRegion),
                k -> Counter.builder("geocdn.gateway.requests").tag("outcome", k.outcome().tagValue())
                        .tag("client_region", k.clientRegion()).tag("serving_region", k.servingRegion())
                        .description("Requests by where they were served").register(registry))
                .increment();
    }

    /** Registers the membership gauges of {@code regions} (the configured ones), read from {@code view}. */
    public void bindMembership(MembershipView view, Collection<String> regions) {
        for (String region : regions) {
            Gauge.builder("geocdn.gateway.healthy.nodes", view,
                            v -> v.current().region(region).map(r -> r.upNodes().size()).orElse(0))
                    .tag("member_region", region)
                    .description("Nodes of a region that the membership has up").register(registry);
            Gauge.builder("geocdn.gateway.region.up", view,
                            v -> v.current().region(region).filter(RegionStatus::isUp).isPresent() ? 1 : 0)
                    .tag("member_region", region)
                    .description("1 when the membership has the region up, else 0").register(registry);
        }
    }
}
