package dev.geocdn.node.purge;

import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeResult;
import dev.geocdn.cache.purge.PurgeTarget;
import dev.geocdn.cache.store.ResponseCache;
import dev.geocdn.node.proxy.ClientRequest;
import dev.geocdn.node.tier.ResponseTier;
import dev.geocdn.protocol.hlc.HybridLogicalClock;
import dev.geocdn.protocol.purge.PurgeCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies purges to the node's {@link ResponseCache}, naming URLs and prefixes by the cache keys
 * requests get (scheme and host lower-cased, default port dropped), so that a purge of
 * {@code https://CDN.example.com:443/img/} reaches what {@code https://cdn.example.com/img/a.png}
 * stored.
 */
public final class CachePurgeApplier implements PurgeApplier {

    private static final Logger LOG = LoggerFactory.getLogger(CachePurgeApplier.class);

    private final ResponseCache cache;
    private final ResponseTier tier;
    private final HybridLogicalClock hlc;

    /** @param tier the persistence tier, or {@link ResponseTier#NONE} */
    public CachePurgeApplier(ResponseCache cache, ResponseTier tier, HybridLogicalClock hlc) {
        this.cache = cache;
        this.tier = tier;
        this.hlc = hlc;
    }

    /**
     * Purges every target of {@code purge} at {@code appliedAt} (the node's HLC time, after the
     * purge's own): removes, or for a soft purge marks stale, what each reaches, and leaves the
     * tombstones that keep fills started before it from storing what they fetched.
     */
    @Override
    public long apply(PurgeCommand purge, long appliedAt) {
        List<PurgeTarget> targets = targets(purge);
        long at = tier.enabled() ? purgeTier(targets, appliedAt) : appliedAt;
        PurgeMode mode = purge.soft() ? PurgeMode.SOFT : PurgeMode.HARD;
        PurgeResult result = PurgeResult.NONE;
        for (PurgeTarget target : targets) {
            result = result.plus(cache.purge(target, mode, at));
        }
        if (tier.enabled()) {
            // a copy whose tier write was in flight may land after the first pass: once every
            // write started before the tombstones is done, the tier is purged again (no later
            // write can cover the targets: memory refuses what the tombstones cover)
            tier.writesSettled().then(Mono.defer(() -> Mono.when(tierSteps(targets)))).subscribe();
        }
        return result.urls();
    }

    /** What {@code purge} names, by cache keys; URLs the API should not have let through are skipped (logged). */
    private static List<PurgeTarget> targets(PurgeCommand purge) {
        List<PurgeTarget> targets = new ArrayList<>();
        for (String url : purge.urls()) {
            String key = key(url, purge);
            if (key != null) {
                targets.add(new PurgeTarget.Url(key));
            }
        }
        for (String prefix : purge.prefixes()) {
            String key = key(prefix, purge);
            if (key != null) {
                targets.add(new PurgeTarget.Prefix(key));
            }
        }
        for (String tag : purge.surrogateKeys()) {
            if (!tag.isBlank()) {
                targets.add(new PurgeTarget.Tag(tag));
            }
        }
        return targets;
    }

    /**
     * The tier first: the copies of the purged URLs, of the URLs under the purged prefixes and
     * of the purged surrogate keys are deleted (found through the tier's index sets). Soft purges
     * remove as hard ones do there: a copy read back would be fresh again. Memory is purged
     * afterwards at a time taken once the tier is done, so that a tier read that started before
     * then, and may have read a copy just before its removal, finds the purge's tombstone kept
     * for it and the copy refused (see {@code ResponseCache.storeCopy}).
     *
     * @return the HLC time to purge memory at
     */
    private long purgeTier(List<PurgeTarget> targets, long appliedAt) {
        Mono.when(tierSteps(targets)).block(); // each step is bounded by the tier's timeout and never fails
        return Math.max(appliedAt, hlc.now());
    }

    private List<Mono<Void>> tierSteps(List<PurgeTarget> targets) {
        List<Mono<Void>> steps = new ArrayList<>();
        for (PurgeTarget target : targets) {
            steps.add(switch (target) {
                case PurgeTarget.Url url -> tier.remove(url.value());
                case PurgeTarget.Prefix prefix -> tier.removePrefix(prefix.value());
                case PurgeTarget.Tag tag -> tier.removeTag(tag.value());
            });
        }
        return steps;
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
