package dev.geocdn.gateway.routing.plan;

import java.net.URI;

/**
 * One place a request may be forwarded to: a cache node of a region, or (from the global entry
 * gateway) a region's gateway.
 *
 * @param region the region that serves the request on this hop
 * @param target the node id, or {@code gateway:<region>} for a regional gateway
 * @param base   the base URL to forward to
 */
public record Hop(String region, String target, URI base) {

    /** Whether this hop is a regional gateway rather than a node. */
    public boolean isGateway() {
        return target.startsWith("gateway:");
    }
}
