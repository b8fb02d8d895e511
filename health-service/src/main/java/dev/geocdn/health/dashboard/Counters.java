package dev.geocdn.health.dashboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the dashboard reads from one node's or gateway's scrape: the cumulative counters behind
 * its figures, each summed over the labels the dashboard does not show. The same record holds
 * the increase between two scrapes ({@link #since}), from which {@link Rates} makes rates,
 * ratios and quantiles.
 *
 * <p>The series are those of docs/observability.md's catalogue: a node's
 * {@code geocdn_requests_total{result}}, {@code geocdn_request_duration_seconds_bucket{result,le}},
 * {@code geocdn_served_bytes_total}, {@code geocdn_origin_received_bytes_total} and
 * {@code geocdn_interregion_received_bytes_total{from,to,reason}}; a gateway's
 * {@code geocdn_gateway_failovers_total{scope,reason}}.
 *
 * @param requests     client requests by result ({@code hit}, {@code miss}, {@code pass}, ...)
 * @param latency      the request duration histogram, cumulative count by upper bound
 *                     ({@code le}, in seconds, {@code +Inf} included), summed over results
 * @param servedBytes  response body bytes sent to clients
 * @param originBytes  response body bytes received from the origin
 * @param interRegion  bytes received from another region, by link, summed over reasons
 * @param failovers    a gateway's moves to another target, by scope and reason
 */
public record Counters(Map<String, Double> requests, NavigableMap<Double, Double> latency, double servedBytes,
                       double originBytes, Map<Link, Double> interRegion, Map<Failover, Double> failovers) {

    /** The prefix of every series read here: only those lines of a scrape are parsed. */
    public static final String PREFIX = "geocdn_";

    /** Results that were answered from the cache, as the hit ratio's recording rule counts them. */
    static final List<String> FROM_CACHE = List.of("hit", "stale", "revalidated", "collapsed");

    /** A link between regions: bytes flow {@code from} one region's node {@code to} another's. */
    public record Link(String from, String to) {
    }

    /** A gateway's failover kind: {@code scope} node or region, and why. */
    public record Failover(String scope, String reason) {
    }

    public Counters {
        requests = Map.copyOf(requests);
        latency = java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(latency));
        interRegion = Map.copyOf(interRegion);
        failovers = Map.copyOf(failovers);
    }

    /** The counters in one scrape's samples (any other series is ignored). */
    public static Counters of(List<PrometheusText.Sample> samples) {
        Map<String, Double> requests = new HashMap<>();
        NavigableMap<Double, Double> latency = new TreeMap<>();
        Map<Link, Double> interRegion = new HashMap<>();
        Map<Failover, Double> failovers = new HashMap<>();
        double served = 0;
        double origin = 0;
        for (PrometheusText.Sample s : samples) {
            switch (s.name()) {
                case "geocdn_requests_total" -> requests.merge(s.label("result"), s.value(), Double::sum);
                case "geocdn_request_duration_seconds_bucket" ->
                        latency.merge(PrometheusText.value(s.label("le")), s.value(), Double::sum);
                case "geocdn_served_bytes_total" -> served += s.value();
                case "geocdn_origin_received_bytes_total" -> origin += s.value();
                case "geocdn_interregion_received_bytes_total" ->
                        interRegion.merge(new Link(s.label("from"), s.label("to")), s.value(), Double::sum);
                case "geocdn_gateway_failovers_total" ->
                        failovers.merge(new Failover(s.label("scope"), s.label("reason")), s.value(), Double::sum);
                default -> {
                    // a series the dashboard does not show
                }
            }
        }
        return new Counters(requests, latency, served, origin, interRegion, failovers);
    }

    /**
     * What grew from {@code older} to this: each counter's increase, where a counter lower than
     * before has restarted from zero (the target restarted) and counts from there, as
     * Prometheus' {@code increase()} does.
     */
    public Counters since(Counters older) {
        return new Counters(Rates.increase(older.requests, requests),
                new TreeMap<>(Rates.increase(older.latency, latency)),
                Rates.increase(older.servedBytes, servedBytes), Rates.increase(older.originBytes, originBytes),
                Rates.increase(older.interRegion, interRegion), Rates.increase(older.failovers, failovers));
    }

    /** All requests. */
    public double totalRequests() {
        return requests.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Requests answered from the cache: hits, stale serves, revalidations, collapsed requests. */
    public double fromCache() {
        return FROM_CACHE.stream().mapToDouble(r -> requests.getOrDefault(r, 0.0)).sum();
    }

    /** Requests that could have been answered from the cache: all but pass-through ones. */
    public double cacheable() {
        return totalRequests() - requests.getOrDefault("pass", 0.0);
    }
}
