package dev.geocdn.invalidation.purge;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A purge request that passed validation: absolute http(s) URLs and prefixes (normalized,
 * de-duplicated), surrogate keys, and how to answer.
 *
 * @param urls          exact URLs
 * @param prefixes      URL prefixes
 * @param surrogateKeys surrogate keys (tags)
 * @param soft          mark stale rather than remove
 * @param consistency   when to answer
 * @param timeout       the client's own deadline for a strong purge, when it gave one
 * @param requested     how many targets the request named (before de-duplication)
 */
public record PurgeOrder(List<String> urls, List<String> prefixes, List<String> surrogateKeys, boolean soft,
                         Consistency consistency, Optional<Duration> timeout, int requested) {

    public PurgeOrder {
        urls = List.copyOf(urls);
        prefixes = List.copyOf(prefixes);
        surrogateKeys = List.copyOf(surrogateKeys);
    }
}
