package dev.geocdn.gateway.routing.geo;

import dev.geocdn.gateway.latency.RegionLatencies;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * For clients no other source can place: the healthy region with the lowest smoothed RTT as
 * measured from this gateway, on the reasoning that the gateway the client reached is near the
 * client (DNS or anycast brought it here).
 */
public final class LatencySource implements GeoSource {

    private final RegionLatencies latencies;
    private final Supplier<Collection<String>> upRegions;

    public LatencySource(RegionLatencies latencies, Supplier<Collection<String>> upRegions) {
        this.latencies = latencies;
        this.upRegions = upRegions;
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public Optional<Placement> place(ClientInfo client) {
        return latencies.nearest(upRegions.get())
                .map(n -> new Placement(n.region(), name(), String.format(java.util.Locale.ROOT, "rtt %.1f ms", n.rttMillis())));
    }
}
