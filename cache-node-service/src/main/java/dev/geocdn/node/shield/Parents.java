package dev.geocdn.node.shield;

import dev.geocdn.node.peers.PeerNodes;

/**
 * The parent tier of this node: for a fill, the node of the parent region that owns the key
 * ({@link PeerNodes#owner}). So every child region's misses for a key meet in one parent node,
 * which collapses them into one origin fetch. Only the owner is asked: when it does not answer,
 * the fill goes to the origin (the caller's fallback), so a sick parent costs at most its
 * timeout, and after a few failures its circuit breaker makes even that immediate.
 */
public final class Parents {

    private final ShieldRoutes routes;
    private final PeerNodes peers;

    public Parents(ShieldRoutes routes, PeerNodes peers) {
        this.routes = routes;
        this.peers = peers;
    }

    /**
     * The parent node to ask for {@code cacheKey}, or null when the request has no parent region
     * or no node of it is up.
     */
    public PeerNodes.Peer choose(String host, String pathAndQuery, String cacheKey) {
        String region = routes.parentOf(host, pathAndQuery);
        return region == null ? null : peers.owner(region, cacheKey);
    }

    /** Whether some request may have a parent at all. */
    public boolean any() {
        return routes.any();
    }
}
