package dev.geocdn.node.purge;

import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.proxy.ClientRequest;
import dev.geocdn.protocol.purge.PurgeCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;

/** Applies purges to the node's {@link ResponseCache}, naming URLs by the cache keys requests get. */
public final class CachePurgeApplier implements PurgeApplier {

    private static final Logger LOG = LoggerFactory.getLogger(CachePurgeApplier.class);

    private final ResponseCache cache;

    public CachePurgeApplier(ResponseCache cache) {
        this.cache = cache;
    }

    @Override
    public long apply(PurgeCommand purge, long appliedAt) {
        long removed = 0;
        for (String url : purge.urls()) {
            String key = key(url, purge);
            if (key != null && cache.invalidate(key)) {
                removed++;
            }
        }
        return removed;
    }

    /** The cache key of an absolute URL, or null (logged) for one the API should not have let through. */
    static String key(String url, PurgeCommand purge) {
        try {
            return ClientRequest.cacheKey(URI.create(url));
        } catch (RuntimeException e) {
            LOG.warn("purge {}: skipping '{}', not an absolute URL", purge.id(), url);
            return null;
        }
    }
}
