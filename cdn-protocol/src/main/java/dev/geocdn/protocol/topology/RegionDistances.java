package dev.geocdn.protocol.topology;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far regions are from each other (a round-trip time in milliseconds, or any cost where
 * smaller is nearer), for "the nearest healthy region" in the gateway and in geo-DNS.
 *
 * <p>The matrix may be given one way only ({@code us-west -> eu-west: 140}); the reverse is
 * assumed equal. A region is at distance 0 from itself. A pair that is not given counts as
 * infinitely far but is still ordered (after every known one, by name), so that an incomplete
 * matrix degrades to a stable order instead of failing.
 */
public final class RegionDistances {

    private final Map<String, Map<String, Double>> matrix;

    public RegionDistances(Map<String, ? extends Map<String, ? extends Number>> matrix) {
        Map<String, Map<String, Double>> copy = new HashMap<>();
        matrix.forEach((from, row) -> row.forEach((to, distance) -> {
            double d = distance.doubleValue();
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("distance " + from + " -> " + to + " must be a finite number >= 0");
            }
            copy.computeIfAbsent(from, k -> new HashMap<>()).put(to, d);
        }));
        this.matrix = copy;
    }

    public static RegionDistances none() {
        return new RegionDistances(Map.of());
    }

    public double distance(String from, String to) {
        if (from.equals(to)) {
            return 0;
        }
        Double d = matrix.getOrDefault(from, Map.of()).get(to);
        if (d == null) {
            d = matrix.getOrDefault(to, Map.of()).get(from);
        }
        return d == null ? Double.POSITIVE_INFINITY : d;
    }

    /** The given regions ordered nearest first from {@code from}; ties broken by name. */
    public List<String> nearestFirst(String from, Collection<String> regions) {
        return regions.stream()
                .sorted(Comparator.comparingDouble((String r) -> distance(from, r)).thenComparing(r -> r))
                .toList();
    }

    /** The matrix as given, for display. */
    public Map<String, Map<String, Double>> matrix() {
        return matrix;
    }
}
