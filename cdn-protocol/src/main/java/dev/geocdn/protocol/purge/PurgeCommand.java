package dev.geocdn.protocol.purge;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A purge as it travels on the purge log from the invalidation service to every cache node.
 *
 * <p>URLs and prefixes are absolute, as clients request them through the CDN
 * ({@code https://cdn.example.com/img/}); a node turns them into its cache keys. Surrogate keys
 * are the tags origins send in {@code Surrogate-Key} or {@code Cache-Tag}.
 *
 * @param id            the purge's id, as the API answered it
 * @param hlc           when the invalidation service accepted it, on the hybrid logical clock;
 *                      a node advances its own clock past it on receipt
 * @param urls          exact URLs (every variant of each)
 * @param prefixes      URL prefixes (scheme and host included)
 * @param surrogateKeys surrogate keys (tags)
 * @param soft          mark stale (served stale while revalidating) instead of removing
 * @param requestedBy   the name of the token that asked for it, for the audit trail
 * @param requestedAt   when it was asked for (wall clock, for people)
 */
public record PurgeCommand(String id, long hlc, List<String> urls, List<String> prefixes,
                           List<String> surrogateKeys, boolean soft, String requestedBy, Instant requestedAt) {

    public PurgeCommand {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a purge needs an id");
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        surrogateKeys = surrogateKeys == null ? List.of() : List.copyOf(surrogateKeys);
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** How many URLs, prefixes and keys it names together. */
    public int targetCount() {
        return urls.size() + prefixes.size() + surrogateKeys.size();
    }
}
