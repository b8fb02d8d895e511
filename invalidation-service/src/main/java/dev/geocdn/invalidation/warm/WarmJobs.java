package dev.geocdn.invalidation.warm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The warming jobs of this instance: started in the background as they are accepted, and kept
 * for {@code GET /v1/warm/{id}} until {@code history} newer ones push them out. A job lives in
 * the instance that accepted it; it is not written anywhere, because a lost job costs only a
 * colder cache and is started again with the same request.
 */
public final class WarmJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarmJobs.class);

    private final Warmer warmer;
    private final SitemapFetcher sitemaps;
    private final Clock clock;
    private final int history;
    private final int maxFailuresShown;
    private final Map<String, WarmJob> jobs = new LinkedHashMap<>();
    private final Map<String, Disposable> running = new LinkedHashMap<>();

    public WarmJobs(Warmer warmer, SitemapFetcher sitemaps, Clock clock, int history, int maxFailuresShown) {
        this.warmer = warmer;
        this.sitemaps = sitemaps;
        this.clock = clock;
        this.history = history;
        this.maxFailuresShown = maxFailuresShown;
    }

    /** Accepts {@code order} from {@code requestedBy} and starts it; the job to follow. */
    public WarmJob start(WarmOrder order, String requestedBy) {
        WarmJob job = new WarmJob(UUID.randomUUID().toString(), requestedBy, clock.instant(), order, maxFailuresShown);
        Mono<List<String>> urls = job.sitemap()
                .map(sitemap -> sitemaps.pages(sitemap)
                        .map(pages -> {
                            Set<String> given = new HashSet<>(order.urls());
                            List<String> all = new ArrayList<>(order.urls());
                            pages.urls().stream().filter(u -> !given.contains(u)).forEach(all::add);
                            job.sitemapRead(pages.urls().size(), all.size(), pages.invalid());
                            return all;
                        })
                        .onErrorResume(e -> {
                            job.sitemapFailed(e.getMessage());
                            return Mono.just(order.urls());
                        }))
                .orElse(Mono.just(order.urls()));
        log.info("warming job {} from {}: {} URLs{} in {}", job.id(), requestedBy, order.urls().size(),
                order.sitemap().map(s -> " and sitemap " + s).orElse(""), order.regions());
        synchronized (this) {
            jobs.put(job.id(), job);
            while (jobs.size() > history) {
                String oldest = jobs.keySet().iterator().next();
                jobs.remove(oldest);
                Disposable stale = running.remove(oldest);
                if (stale != null) {
                    stale.dispose();
                }
            }
            running.put(job.id(), urls.flatMap(list -> warmer.run(job, list))
                    .doFinally(signal -> finished(job))
                    .subscribe());
        }
        return job;
    }

    private void finished(WarmJob job) {
        synchronized (this) {
            running.remove(job.id());
        }
        WarmJob.View view = job.view();
        view.regions().forEach((region, r) -> log.info("warming job {} in {}: {} warmed, {} already fresh, {} failed",
                job.id(), region, r.warmed(), r.fresh(), r.failed()));
    }

    public synchronized Optional<WarmJob> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Jobs still warming. */
    public synchronized int runningCount() {
        return running.size();
    }

    public int history() {
        return history;
    }

    @Override
    public synchronized void close() {
        running.values().forEach(Disposable::dispose);
        running.clear();
    }
}
