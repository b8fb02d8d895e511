package dev.geocdn.gateway.routing.geo;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A geo header set by a trusted proxy in front of the gateway (a cloud load balancer's
 * country header, or an upstream GeoCDN gateway). Its value is a region name, or a country
 * code mapped to a region by the country table.
 *
 * <p>Security: any client can send the header, so it is read only when the connection comes
 * from a trusted proxy; from anyone else it is ignored, never an error, and placement falls
 * through to the next source.
 */
public final class TrustedHeaderSource implements GeoSource {

    private final String headerName;
    private final Map<String, String> countries;
    private final Supplier<Set<String>> regions;

    public TrustedHeaderSource(String headerName, Map<String, String> countries, Supplier<Set<String>> regions) {
        this.headerName = headerName;
        this.countries = countries;
        this.regions = regions;
    }

    @Override
    public String name() {
        return "header";
    }

    @Override
    public Optional<Placement> place(ClientInfo client) {
        if (!client.peerTrusted()) {
            return Optional.empty();
        }
        String value = client.header().apply(headerName);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (regions.get().contains(v)) {
            return Optional.of(new Placement(v, name(), headerName + ": " + v));
        }
        String region = countries.get(v.toUpperCase(Locale.ROOT));
        return region == null ? Optional.empty() : Optional.of(new Placement(region, name(), headerName + ": " + v));
    }
}
