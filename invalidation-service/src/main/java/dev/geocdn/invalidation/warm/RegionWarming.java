package dev.geocdn.invalidation.warm;

import dev.geocdn.protocol.http.WarmVerdict;

import java.util.ArrayList;
import java.util.List;

/**
 * One region's share of a warming job: how many URLs it has to warm and what became of each.
 * Updated from the job's fetches, read by {@code GET /v1/warm/{id}}: thread-safe. Failures are
 * kept up to a cap, so a job of a hundred thousand dead links costs bounded memory.
 */
public final class RegionWarming {

    /** A URL that was not warmed. */
    public record Failure(String url, String node, String why) {
    }

    /** What {@code GET /v1/warm/{id}} shows of the region. */
    public record View(String status, int total, int warmed, int fresh, int failed, int pending,
                       List<Failure> failures, int failuresNotShown) {
    }

    private final String region;
    private final int maxFailuresShown;
    private final List<Failure> failures = new ArrayList<>();
    private int total;
    private int warmed;
    private int fresh;
    private int failed;
    private boolean started;

    RegionWarming(String region, int maxFailuresShown) {
        this.region = region;
        this.maxFailuresShown = maxFailuresShown;
    }

    public String region() {
        return region;
    }

    synchronized void start(int urls) {
        total = urls;
        started = true;
    }

    synchronized void record(String url, String node, WarmVerdict verdict) {
        switch (verdict.outcome()) {
            case WARMED -> warmed++;
            case FRESH -> fresh++;
            case FAILED -> {
                failed++;
                if (failures.size() < maxFailuresShown) {
                    failures.add(new Failure(url, node, verdict.why()));
                }
            }
        }
    }

    /** Every URL not yet warmed counted as failed for {@code why} (the job could not run here). */
    synchronized void failRest(String why, List<String> urls) {
        int done = warmed + fresh + failed;
        for (int i = done; i < urls.size(); i++) {
            record(urls.get(i), null, WarmVerdict.failed(why));
        }
        total = Math.max(total, urls.size());
        started = true;
    }

    public synchronized View view() {
        int pending = Math.max(0, total - warmed - fresh - failed);
        String status = !started ? "waiting" : pending > 0 ? "running" : "done";
        return new View(status, total, warmed, fresh, failed, pending, List.copyOf(failures),
                failed - failures.size());
    }
}
