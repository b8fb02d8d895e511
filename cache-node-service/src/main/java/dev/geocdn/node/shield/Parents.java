package dev.geocdn.node.shield;

import dev.geocdn.node.peers.PeerNodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The other tiers this node fills from before the origin.
 *
 * <p><b>The parent.</b> For a fill, the node of the parent region that owns the key
 * ({@link PeerNodes#owner}). So every child region's misses for a key meet in one parent node,
 * which collapses them into one origin fetch. Only the owner is asked: when it does not answer,
 * the fill goes to the origin (the caller's fallback), so a sick parent costs at most its
 * timeout, and after a few failures its circuit breaker makes even that immediate.
 *
 * <p><b>Siblings.</b> For a fill that would go to the origin, the owner nodes of the key in the
 * sibling regions, asked in turn whether they hold a copy: the regions' caches then act as one
 * larger cache, as each region keeps what its own clients ask most.
 */
public final class Parents {

    private final ShieldRoutes routes;
    private final PeerNodes peers;
    private final List<String> siblings;
    private final Duration siblingTimeout;

    /**
     * @param siblings       the sibling regions, nearest first (this node's own region is ignored)
     * @param siblingTimeout the longest silence allowed from a sibling
     */
    public Parents(ShieldRoutes routes, PeerNodes peers, List<String> siblings, String ownRegion,
                   Duration siblingTimeout) {
        this.routes = routes;
        this.peers = peers;
        this.siblings = siblings.stream().filter(region -> !region.equals(ownRegion)).distinct().toList();
        this.siblingTimeout = siblingTimeout;
    }

    /**
     * The parent node to ask for {@code cacheKey}, or null when the request has no parent region
     * or no node of it is up.
     */
    public PeerNodes.Peer choose(String host, String pathAndQuery, String cacheKey) {
        String region = routes.parentOf(host, pathAndQuery);
        return region == null ? null : peers.owner(region, cacheKey);
    }

    /**
     * The sibling nodes to ask for {@code cacheKey} before the origin, in order: the up owner of
     * each sibling region but {@code missedIn} (where the request comes from, null for a client's).
     */
    public List<PeerNodes.Peer> siblings(String cacheKey, String missedIn) {
        List<PeerNodes.Peer> owners = new ArrayList<>(siblings.size());
        for (String region : siblings) {
            PeerNodes.Peer owner = region.equals(missedIn) ? null : peers.owner(region, cacheKey, siblingTimeout);
            if (owner != null) {
                owners.add(owner);
            }
        }
        return owners;
    }

    /** Whether some request may have a parent or a sibling at all. */
    public boolean any() {
        return routes.any() || !siblings.isEmpty();
    }
}
