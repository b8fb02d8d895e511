package dev.geocdn.gateway.routing.geo;

import java.util.Optional;

/**
 * One way of placing a client in a region. Sources are tried in the configured order
 * ({@code cdn.gateway.placement.order}); the first that answers wins.
 */
public interface GeoSource {

    /** The name configuration and {@link Placement#source()} use. */
    String name();

    /** The client's region, or empty when this source cannot tell. */
    Optional<Placement> place(ClientInfo client);
}
