package dev.geocdn.health.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The recent scrapes of every node and gateway, and what grew over the last {@code window}:
 * the dashboard's rates are the increase from the oldest scrape of a target within the window
 * to its newest, over the time between them, like Prometheus' {@code rate(...[window])}. A
 * window of several scrapes smooths the figures a person reads each second, and one failed
 * scrape costs nothing but its own point.
 *
 * <p>A target that stops answering (stopped, or its scrape failing) keeps its last rates until
 * its scrapes leave the window; then it has none, and its region's figures come from the
 * targets that still answer.
 *
 * <p>Thread-safe: scrapes complete on the scraper's threads, snapshots are read on others;
 * every method holds the lock for a few map operations.
 */
public final class TrafficHistory {

    /**
     * What grew at one target over the window.
     *
     * @param seconds  the time between the two scrapes it compares
     * @param increase each counter's increase over that time
     */
    public record Window(double seconds, Counters increase) {
    }

    private record Scrape(Instant at, Counters counters) {
    }

    private final Duration window;
    private final Map<String, Deque<Scrape>> scrapes = new HashMap<>();

    public TrafficHistory(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be longer than 0, not " + window);
        }
        this.window = window;
    }

    /** Records a target's scrape taken at {@code at}, and forgets its scrapes that left the window. */
    public synchronized void record(String target, Instant at, Counters counters) {
        Deque<Scrape> kept = scrapes.computeIfAbsent(target, t -> new ArrayDeque<>());
        if (!kept.isEmpty() && !at.isAfter(kept.peekLast().at())) {
            return;
        }
        kept.addLast(new Scrape(at, counters));
        prune(kept, at);
    }

    /**
     * What grew at {@code target} over the window ending at {@code now}: empty until it has two
     * scrapes within the window.
     */
    public synchronized Optional<Window> over(String target, Instant now) {
        Deque<Scrape> kept = scrapes.get(target);
        if (kept == null) {
            return Optional.empty();
        }
        prune(kept, now);
        if (kept.size() < 2) {
            return Optional.empty();
        }
        Scrape oldest = kept.peekFirst();
        Scrape newest = kept.peekLast();
        double seconds = Duration.between(oldest.at(), newest.at()).toNanos() / 1e9;
        return Optional.of(new Window(seconds, newest.counters().since(oldest.counters())));
    }

    private void prune(Deque<Scrape> kept, Instant now) {
        Instant horizon = now.minus(window);
        while (!kept.isEmpty() && kept.peekFirst().at().isBefore(horizon)) {
            kept.removeFirst();
        }
    }

    public Duration window() {
        return window;
    }
}
