package dev.geocdn.gateway.routing.geo;

import dev.geocdn.gateway.latency.RegionLatencies;
import dev.geocdn.protocol.net.CidrTable;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The geo sources by the name configuration uses ({@code cdn.gateway.placement.order}), as
 * eviction policies are registered by name: adding a way of placing clients is one entry here,
 * and configuration, validation and the error for an unknown name follow from it.
 */
public final class GeoSources {

    /**
     * What the sources are built from.
     *
     * @param geoHeader   the trusted request field naming the client's region or country
     * @param countries   country code (upper case) to region
     * @param cidrs       CIDR block to region
     * @param maxMind     the MaxMind source, or null when no database is configured
     * @param latencies   measured RTTs from this gateway to each region
     * @param regions     the regions the membership knows
     * @param upRegions   the regions that are up now
     */
    public record Context(String geoHeader, Map<String, String> countries, CidrTable<String> cidrs,
                          MaxMindSource maxMind, RegionLatencies latencies, Supplier<Set<String>> regions,
                          Supplier<Collection<String>> upRegions) {
    }

    /** Builds a source, or none when its prerequisites are not configured. */
    private static final Map<String, Function<Context, Optional<GeoSource>>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("header", c -> Optional.of(new TrustedHeaderSource(c.geoHeader(), c.countries(), c.regions())));
        FACTORIES.put("cidr", c -> Optional.of(new CidrSource(c.cidrs())));
        FACTORIES.put("maxmind", c -> Optional.ofNullable(c.maxMind()));
        FACTORIES.put("latency", c -> Optional.of(new LatencySource(c.latencies(), c.upRegions())));
    }

    private GeoSources() {
    }

    /** The names a user may configure, in the default order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(FACTORIES.keySet());
    }

    /**
     * The sources named by {@code order}, in that order; a source whose prerequisites are not
     * configured (maxmind without a database) is left out.
     *
     * @throws IllegalArgumentException naming the known sources when a name is unknown
     */
    public static List<GeoSource> build(List<String> order, Context context) {
        return order.stream().map(name -> {
            Function<Context, Optional<GeoSource>> factory = FACTORIES.get(name);
            if (factory == null) {
                throw new IllegalArgumentException("unknown geo source '" + name + "'; known: " + names());
            }
            return factory.apply(context);
        }).flatMap(Optional::stream).toList();
    }
}
