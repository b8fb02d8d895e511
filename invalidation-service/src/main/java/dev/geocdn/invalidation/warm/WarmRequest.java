package dev.geocdn.invalidation.warm;

import java.util.List;

/**
 * The body of {@code POST /v1/warm} as sent, before validation.
 *
 * @param urls    absolute URLs, as clients request them through the CDN
 * @param sitemap the URL of a sitemap (sitemaps.org: a {@code urlset}, or a {@code sitemapindex}
 *                of them; plain or gzipped) whose pages are warmed
 * @param regions the regions to warm; every region when absent or empty
 */
public record WarmRequest(List<String> urls, String sitemap, List<String> regions) {

    /** The fields' names, as error messages list them. */
    public static final List<String> FIELDS = List.of("urls", "sitemap", "regions");
}
