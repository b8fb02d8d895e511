package dev.geocdn.invalidation.warm;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A warming job as {@code GET /v1/warm/{id}} shows it: who asked, what it names, and each
 * region's progress. Thread-safe.
 */
public final class WarmJob {

    /**
     * What {@code GET /v1/warm/{id}} shows of the sitemap.
     *
     * @param status {@code reading}, {@code read} or {@code failed}
     * @param pages  the pages it listed, once read
     * @param invalid {@code loc} entries that were not absolute http(s) URLs, left out
     * @param error  why it could not be read
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SitemapView(String url, String status, Integer pages, Integer invalid, String error) {
    }

    /** The whole job, as JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String id, String requestedBy, String acceptedAt, String status, int urls,
                       SitemapView sitemap, Map<String, RegionWarming.View> regions) {
    }

    private final String id;
    private final String requestedBy;
    private final Instant acceptedAt;
    private final Optional<URI> sitemap;
    private final Map<String, RegionWarming> regions = new LinkedHashMap<>();
    private volatile int urls;
    private volatile SitemapView sitemapView;

    WarmJob(String id, String requestedBy, Instant acceptedAt, WarmOrder order, int maxFailuresShown) {
        this.id = id;
        this.requestedBy = requestedBy;
        this.acceptedAt = acceptedAt;
        this.sitemap = order.sitemap();
        this.urls = order.urls().size();
        this.sitemapView = order.sitemap().map(s -> new SitemapView(s.toString(), "reading", null, null, null)).orElse(null);
        order.regions().forEach(r -> regions.put(r, new RegionWarming(r, maxFailuresShown)));
    }

    public String id() {
        return id;
    }

    public String requestedBy() {
        return requestedBy;
    }

    Optional<URI> sitemap() {
        return sitemap;
    }

    List<RegionWarming> regions() {
        return List.copyOf(regions.values());
    }

    void sitemapRead(int pages, int urlsInAll, int invalid) {
        sitemapView = new SitemapView(sitemapView.url(), "read", pages, invalid, null);
        urls = urlsInAll;
    }

    void sitemapFailed(String error) {
        sitemapView = new SitemapView(sitemapView.url(), "failed", null, null, error);
    }

    public View view() {
        Map<String, RegionWarming.View> views = new LinkedHashMap<>();
        regions.forEach((name, region) -> views.put(name, region.view()));
        boolean done = views.values().stream().allMatch(v -> v.status().equals("done"));
        return new View(id, requestedBy, acceptedAt.toString(), done ? "done" : "running", urls, sitemapView, views);
    }
}
