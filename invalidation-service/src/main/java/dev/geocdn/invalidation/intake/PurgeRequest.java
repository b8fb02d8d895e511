package dev.geocdn.invalidation.intake;

import java.util.List;

/**
 * The body of {@code POST /v1/purge} as sent, before validation. Every field may be absent.
 *
 * @param urls          exact URLs, absolute, as clients request them through the CDN
 * @param prefixes      URL prefixes, absolute ({@code https://cdn.example.com/img/})
 * @param surrogateKeys tags from the origin's {@code Surrogate-Key} or {@code Cache-Tag}
 * @param soft          mark stale (served stale while revalidating) instead of removing;
 *                      false when absent
 * @param consistency   {@code eventual} (default) or {@code strong}
 * @param timeoutMs     a strong purge's deadline in milliseconds, when shorter than the
 *                      configured default is wanted
 */
public record PurgeRequest(List<String> urls, List<String> prefixes, List<String> surrogateKeys, Boolean soft,
                           String consistency, Long timeoutMs) {

    /** The fields' names, as error messages list them. */
    static final List<String> FIELDS = List.of("urls", "prefixes", "surrogateKeys", "soft", "consistency", "timeoutMs");
}
