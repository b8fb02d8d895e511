package dev.geocdn.invalidation.warm;

import dev.geocdn.invalidation.intake.IntakeException;
import dev.geocdn.invalidation.intake.TargetUrls;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Validates a {@link WarmRequest} into a {@link WarmOrder}, or refuses it with the first problem
 * found: URLs as a purge's ({@link TargetUrls}), at least one URL or a sitemap, at most
 * {@code maxUrls} URLs (413: split the job), and regions the membership knows (400 naming the
 * known ones). Pure and thread-safe.
 */
public final class WarmValidator {

    private final int maxUrls;
    private final int maxUrlLength;

    /**
     * @param maxUrls      URLs one job may name (a sitemap's pages are bounded apart)
     * @param maxUrlLength the longest URL in characters
     */
    public WarmValidator(int maxUrls, int maxUrlLength) {
        this.maxUrls = maxUrls;
        this.maxUrlLength = maxUrlLength;
    }

    /** The order of {@code request}, with {@code knownRegions} standing for "every region". */
    public WarmOrder validate(WarmRequest request, Collection<String> knownRegions) {
        List<String> urls = request.urls() == null ? List.of() : request.urls();
        if (urls.isEmpty() && request.sitemap() == null) {
            throw IntakeException.badRequest("a warming job names urls, a sitemap, or both");
        }
        if (urls.size() > maxUrls) {
            throw IntakeException.tooLarge("a warming job names at most " + maxUrls + " URLs; this one names "
                    + urls.size() + ": split it (cdn.invalidation.warm.max-urls)");
        }
        LinkedHashSet<String> normalized = new LinkedHashSet<>();
        for (int i = 0; i < urls.size(); i++) {
            normalized.add(TargetUrls.normalize("urls[" + i + "]", urls.get(i), maxUrlLength));
        }
        Optional<URI> sitemap = request.sitemap() == null ? Optional.empty()
                : Optional.of(URI.create(TargetUrls.normalize("sitemap", request.sitemap(), maxUrlLength)));
        return new WarmOrder(new ArrayList<>(normalized), sitemap, regions(request.regions(), knownRegions));
    }

    private static List<String> regions(List<String> asked, Collection<String> known) {
        SortedSet<String> all = new TreeSet<>(known);
        if (asked == null || asked.isEmpty()) {
            if (all.isEmpty()) {
                throw IntakeException.unavailable("no region is known yet: the membership has not arrived from the"
                        + " health service; retry shortly");
            }
            return new ArrayList<>(all);
        }
        LinkedHashSet<String> regions = new LinkedHashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            String region = asked.get(i);
            if (region == null || !all.contains(region)) {
                throw IntakeException.badRequest("regions[" + i + "] '" + region + "' is not a region of the CDN; the"
                        + " regions are " + all);
            }
            regions.add(region);
        }
        return new ArrayList<>(regions);
    }
}
