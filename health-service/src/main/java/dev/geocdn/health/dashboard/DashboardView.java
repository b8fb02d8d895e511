package dev.geocdn.health.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * One snapshot of the dashboard, as {@code GET /v1/dashboard} answers it and the stream sends
 * it every second: everything the page shows, so that the page only lays it out.
 *
 * @param at               when it was taken
 * @param windowSeconds    the span rates are computed over
 * @param regions          every region, sorted by name
 * @param links            bytes per second between regions, by link, over the window
 * @param gatewayFailovers the regional gateways' failovers per second over the window, by kind
 *                         (only kinds that happened)
 * @param purgeLog         whether purge acknowledgements are read (without the purge log,
 *                         {@code purges} stays empty)
 * @param purges           the latest purges, newest first, with each region's latency
 * @param failovers        the latest state changes of nodes, gateways and regions, newest first
 */
public record DashboardView(Instant at, double windowSeconds, List<Region> regions, List<Link> links,
                            List<GatewayFailover> gatewayFailovers, boolean purgeLog,
                            List<RecentPurges.Purge> purges, List<Failover> failovers) {

    /**
     * A region: the health service's verdict and its traffic.
     *
     * @param name        the region's name
     * @param state       {@code UP} or {@code DOWN}
     * @param up          the state as a boolean
     * @param reason      why, in the health service's words
     * @param since       when it entered its state
     * @param nodesUp     its nodes that are up
     * @param nodes       its nodes
     * @param scraped     its nodes whose figures are in the window (the rest did not answer twice)
     * @param traffic     its figures over the window
     */
    public record Region(String name, String state, boolean up, String reason, Instant since, int nodesUp, int nodes,
                         int scraped, RegionTraffic traffic) {
    }

    /** Bytes per second received by region {@code to}'s nodes from region {@code from}'s. */
    public record Link(String from, String to, double bytesPerSecond) {
    }

    /** A regional gateway's failovers of one kind per second ({@code scope} node or region). */
    public record GatewayFailover(String region, String scope, String reason, double perSecond) {
    }

    /**
     * A node, gateway or region changing state.
     *
     * @param kind   {@code node}, {@code gateway} or {@code region}
     * @param name   the node id, {@code gateway:<region>} or the region
     * @param from   the state before
     * @param to     the state after
     * @param reason the cause, in the health service's words
     */
    public record Failover(Instant at, String kind, String name, String region, String from, String to,
                           String reason) {
    }
}
