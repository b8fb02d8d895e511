package dev.geocdn.invalidation.warm;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A validated warming order.
 *
 * @param urls    normalized, without duplicates, in the order sent
 * @param sitemap a sitemap whose pages come after {@code urls}
 * @param regions the regions to warm, each known to the membership
 */
public record WarmOrder(List<String> urls, Optional<URI> sitemap, List<String> regions) {

    public WarmOrder {
        urls = List.copyOf(urls);
        regions = List.copyOf(regions);
    }
}
