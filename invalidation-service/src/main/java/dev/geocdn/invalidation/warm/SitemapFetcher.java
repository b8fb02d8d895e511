package dev.geocdn.invalidation.warm;

import dev.geocdn.invalidation.intake.IntakeException;
import dev.geocdn.invalidation.intake.TargetUrls;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Fetches a sitemap, and the sitemaps of a sitemap index (one level, as the protocol allows),
 * into the list of page URLs to warm: normalized like every warmed URL, without duplicates, at
 * most {@code maxUrls}. Each file is fetched directly from its server, not through the CDN, with
 * a timeout and a size limit.
 */
public final class SitemapFetcher {

    /** The most sitemaps an index may name; the protocol allows 50,000, each of 50,000 pages. */
    static final int MAX_CHILD_SITEMAPS = 100;

    /** The pages found, and how many {@code loc} entries were not usable URLs. */
    public record Pages(List<String> urls, int invalid) {
    }

    private final WebClient client;
    private final Duration timeout;
    private final int maxBytes;
    private final int maxUrls;
    private final int maxUrlLength;

    public SitemapFetcher(WebClient client, Duration timeout, int maxBytes, int maxUrls, int maxUrlLength) {
        this.client = client;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.maxUrls = maxUrls;
        this.maxUrlLength = maxUrlLength;
    }

    /** The pages of {@code sitemap}; an error whose message says why it could not be read. */
    public Mono<Pages> pages(URI sitemap) {
        return read(sitemap).flatMap(root -> {
            if (root.sitemaps().isEmpty()) {
                return Mono.just(List.of(root.pages()));
            }
            if (root.sitemaps().size() > MAX_CHILD_SITEMAPS) {
                return Mono.error(new Sitemaps.UnreadableSitemapException("the sitemap index names "
                        + root.sitemaps().size() + " sitemaps; at most " + MAX_CHILD_SITEMAPS + " are read"));
            }
            return Flux.fromIterable(root.sitemaps())
                    .concatMap(child -> read(URI.create(child))
                            .onErrorMap(e -> new Sitemaps.UnreadableSitemapException(child + ": " + e.getMessage())))
                    .map(Sitemaps.Sitemap::pages)
                    .collectList();
        }).map(this::normalized);
    }

    private Pages normalized(List<List<String>> lists) {
        LinkedHashSet<String> urls = new LinkedHashSet<>();
        int invalid = 0;
        for (List<String> list : lists) {
            for (String loc : list) {
                try {
                    urls.add(TargetUrls.normalize("loc", loc, maxUrlLength));
                } catch (IntakeException e) {
                    invalid++;
                }
                if (urls.size() > maxUrls) {
                    throw new Sitemaps.UnreadableSitemapException("the sitemap lists more than " + maxUrls
                            + " pages (cdn.invalidation.warm.max-urls): split it");
                }
            }
        }
        return new Pages(new ArrayList<>(urls), invalid);
    }

    private Mono<Sitemaps.Sitemap> read(URI url) {
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            return Mono.error(new Sitemaps.UnreadableSitemapException("not an http or https URL: " + url));
        }
        return client.get().uri(url)
                .exchangeToMono(response -> {
                    if (!response.statusCode().is2xxSuccessful()) {
                        return response.releaseBody().then(Mono.error(new Sitemaps.UnreadableSitemapException(
                                url + " answered " + response.statusCode().value())));
                    }
                    return DataBufferUtils.join(response.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class),
                                    maxBytes)
                            .map(buffer -> {
                                byte[] bytes = new byte[buffer.readableByteCount()];
                                buffer.read(bytes);
                                DataBufferUtils.release(buffer);
                                return bytes;
                            })
                            .defaultIfEmpty(new byte[0]);
                })
                .timeout(timeout)
                .onErrorMap(DataBufferLimitException.class, e -> new Sitemaps.UnreadableSitemapException(
                        url + " is larger than " + maxBytes + " bytes (cdn.invalidation.warm.sitemap-max-size)"))
                .onErrorMap(java.util.concurrent.TimeoutException.class, e -> new Sitemaps.UnreadableSitemapException(
                        url + " did not answer within " + timeout.toMillis() + " ms"))
                .onErrorMap(e -> !(e instanceof Sitemaps.UnreadableSitemapException),
                        e -> new Sitemaps.UnreadableSitemapException(url + " could not be fetched: " + e.getMessage()))
                .map(bytes -> Sitemaps.read(bytes, maxBytes));
    }
}
