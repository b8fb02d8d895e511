package dev.geocdn.node.purge;

import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeResult;
import dev.geocdn.cache.purge.PurgeTarget;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.proxy.ClientRequest;
import dev.geocdn.protocol.purge.PurgeCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;

/**
 * Applies purges to the node's {@link ResponseCache}, naming URLs and prefixes by the cache keys
 * requests get (scheme and host lower-cased, default port dropped), so that a purge of
 * {@code https://CDN.example.com:443/img/} reaches what {@code https://cdn.example.com/img/a.png}
 * stored.
 */
public final class CachePurgeApplier implements PurgeApplier {

    private static final Logger LOG = LoggerFactory.getLogger(CachePurgeApplier.class);

    private final ResponseCache cache;

    public CachePurgeApplier(ResponseCache cache) {
        this.cache = cache;
    }

    /**
     * Purges every target of {@code purge} at {@code appliedAt} (the node's HLC time, after the
     * purge's own): removes, or for a soft purge marks stale, what each reaches, and leaves the
     * tombstones that keep fills started before it from storing what they fetched.
     */
    @Override
    public long apply(PurgeCommand purge, long appliedAt) {
        PurgeMode mode = purge.soft() ? PurgeMode.SOFT : PurgeMode.HARD;
        PurgeResult result = PurgeResult.NONE;
        for (String url : purge.urls()) {
            String key = key(url, purge);
            if (key != null) {
                result = result.plus(cache.purge(new PurgeTarget.Url(key), mode, appliedAt));
            }
        }
        for (String prefix : purge.prefixes()) {
            String key = key(prefix, purge);
            if (key != null) {
                result = result.plus(cache.purge(new PurgeTarget.Prefix(key), mode, appliedAt));
            }
        }
        for (String tag : purge.surrogateKeys()) {
            if (!tag.isBlank()) {
                result = result.plus(cache.purge(new PurgeTarget.Tag(tag), mode, appliedAt));
            }
        }
        return result.urls();
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
