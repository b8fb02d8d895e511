package dev.geocdn.gateway.routing.geo;

import java.util.List;
import java.util.Optional;

/**
 * Places a client by trying each configured {@link GeoSource} in order; when none can, the
 * configured default region (or, without one, the first region by name) takes the client, so
 * that nobody is refused for being hard to place.
 */
public final class ClientLocator {

    private final List<GeoSource> sources;
    private final String defaultRegion;

    public ClientLocator(List<GeoSource> sources, String defaultRegion) {
        this.sources = List.copyOf(sources);
        this.defaultRegion = defaultRegion;
    }

    public Placement place(ClientInfo client) {
        for (GeoSource source : sources) {
            Optional<Placement> placement = source.place(client);
            if (placement.isPresent()) {
                return placement.get();
            }
        }
        return new Placement(defaultRegion, "default", "");
    }

    public List<GeoSource> sources() {
        return sources;
    }
}
