package dev.geocdn.health.dashboard;

import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A region's traffic over the window, from its nodes' {@link TrafficHistory.Window}s: the same
 * figures as the GeoCDN / World Grafana dashboard, summed over the region's nodes (each node's
 * increase over its own time between scrapes, so nodes scraped a few milliseconds apart add up
 * correctly). Every field is null while no node of the region has two scrapes in the window.
 *
 * @param requestsPerSecond          client requests answered by the region's nodes
 * @param hitRatio                   requests answered from cache (hit, stale, revalidated,
 *                                   collapsed) of all but pass-through ones, 0 to 1; null
 *                                   without such requests
 * @param p50Seconds                 median request duration at the nodes; null without requests
 * @param p99Seconds                 99th percentile request duration at the nodes
 * @param toClientsBytesPerSecond    response body bytes sent to clients
 * @param fromOriginBytesPerSecond   response body bytes received from the origin
 * @param interRegionBytesPerSecond  bytes the region's nodes received from other regions
 */
public record RegionTraffic(Double requestsPerSecond, Double hitRatio, Double p50Seconds, Double p99Seconds,
                            Double toClientsBytesPerSecond, Double fromOriginBytesPerSecond,
                            Double interRegionBytesPerSecond) {

    /** No figures: no node of the region scraped twice within the window. */
    public static final RegionTraffic UNKNOWN = new RegionTraffic(null, null, null, null, null, null, null);

    /** The region's figures from its nodes' windows (none: {@link #UNKNOWN}). */
    public static RegionTraffic of(Collection<TrafficHistory.Window> nodes) {
        if (nodes.isEmpty()) {
            return UNKNOWN;
        }
        double requests = 0;
        double fromCache = 0;
        double cacheable = 0;
        double served = 0;
        double origin = 0;
        double interRegion = 0;
        NavigableMap<Double, Double> latency = new TreeMap<>();
        for (TrafficHistory.Window node : nodes) {
            Counters grew = node.increase();
            double seconds = node.seconds();
            requests += Rates.perSecond(grew.totalRequests(), seconds);
            fromCache += grew.fromCache();
            cacheable += grew.cacheable();
            served += Rates.perSecond(grew.servedBytes(), seconds);
            origin += Rates.perSecond(grew.originBytes(), seconds);
            interRegion += Rates.perSecond(grew.interRegion().values().stream().mapToDouble(Double::doubleValue).sum(),
                    seconds);
            grew.latency().forEach((le, count) -> latency.merge(le, count, Double::sum));
        }
        return new RegionTraffic(requests, Rates.ratio(fromCache, cacheable), Rates.quantile(0.5, latency),
                Rates.quantile(0.99, latency), served, origin, interRegion);
    }

    /** Bytes per second by link between regions, summed over every node's window. */
    public static Map<Counters.Link, Double> links(Collection<TrafficHistory.Window> nodes) {
        Map<Counters.Link, Double> out = new TreeMap<>(java.util.Comparator.comparing(Counters.Link::from)
                .thenComparing(Counters.Link::to));
        for (TrafficHistory.Window node : nodes) {
            node.increase().interRegion().forEach((link, bytes) ->
                    out.merge(link, Rates.perSecond(bytes, node.seconds()), Double::sum));
        }
        return out;
    }

    /** A gateway's failovers per second by scope and reason, the ones that happened in the window. */
    public static Map<Counters.Failover, Double> failovers(TrafficHistory.Window gateway) {
        Map<Counters.Failover, Double> out = new TreeMap<>(java.util.Comparator.comparing(Counters.Failover::scope)
                .thenComparing(Counters.Failover::reason));
        gateway.increase().failovers().forEach((kind, count) -> {
            if (count > 0) {
                out.put(kind, Rates.perSecond(count, gateway.seconds()));
            }
        });
        return out;
    }
}
