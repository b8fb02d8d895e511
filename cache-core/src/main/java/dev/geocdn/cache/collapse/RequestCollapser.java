package dev.geocdn.cache.collapse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request collapsing: at most one fill per key is in flight; other requests for the key wait
 * for its outcome instead of going to the origin (the "thundering herd" defence).
 *
 * <p>Concurrency: the first caller of {@link #join} for a key becomes the leader and must
 * end the flight with {@link Flight#complete} or {@link Flight#fail}, which removes it, so the
 * next caller leads a new fill. The number of waiters per flight is bounded: a caller beyond
 * the bound is told to {@link Join.Overflow go on its own} rather than queue without limit.
 * Waiting with a timeout is the caller's part (it owns the clock and the scheduler).
 *
 * <p>The outcome type is the caller's; for HTTP it says whether the response may be shared at
 * all: a private or uncacheable response must not be handed to waiters, who then each go to
 * the origin.
 *
 * @param <K> the key type
 * @param <R> the outcome type
 */
public final class RequestCollapser<K, R> {

    private final ConcurrentMap<K, Flight<K, R>> flights = new ConcurrentHashMap<>();
    private final int maxWaitersPerKey;

    /** @param maxWaitersPerKey the most requests that may wait on one fill */
    public RequestCollapser(int maxWaitersPerKey) {
        if (maxWaitersPerKey < 0) {
            throw new IllegalArgumentException("maxWaitersPerKey must be >= 0");
        }
        this.maxWaitersPerKey = maxWaitersPerKey;
    }

    /** Joins the fill of {@code key}: leads a new one, waits for the one in flight, or overflows. */
    public Join<R> join(K key) {
        Flight<K, R> created = new Flight<>(this, key);
        Flight<K, R> existing = flights.putIfAbsent(key, created);
        if (existing == null) {
            return new Join.Lead<>(created);
        }
        if (existing.waiters.incrementAndGet() > maxWaitersPerKey) {
            existing.waiters.decrementAndGet();
            return new Join.Overflow<>();
        }
        return new Join.Wait<>(existing.outcome);
    }

    /** Whether a request for {@code key} is being led now (its outcome not in yet). */
    public boolean isInFlight(K key) {
        return flights.containsKey(key);
    }

    /** The number of keys with a fill in flight. */
    public int inFlight() {
        return flights.size();
    }

    /** The outcome of {@link #join}. */
    public sealed interface Join<R> {
        /** The caller leads the fill and must end the flight. */
        record Lead<R>(Flight<?, R> flight) implements Join<R> {
        }

        /** The caller waits for the leader's outcome. */
        record Wait<R>(CompletableFuture<R> outcome) implements Join<R> {
        }

        /** Too many waiters: the caller goes on its own, uncollapsed. */
        record Overflow<R>() implements Join<R> {
        }
    }

    /** One fill in flight. */
    public static final class Flight<K, R> {
        private final RequestCollapser<K, R> owner;
        private final K key;
        private final CompletableFuture<R> outcome = new CompletableFuture<>();
        private final AtomicInteger waiters = new AtomicInteger();

        private Flight(RequestCollapser<K, R> owner, K key) {
            this.owner = owner;
            this.key = key;
        }

        /** Ends the flight with {@code result}, releasing every waiter. */
        public void complete(R result) {
            owner.flights.remove(key, this);
            outcome.complete(result);
        }

        /** Ends the flight with a failure, releasing every waiter with it. */
        public void fail(Throwable error) {
            owner.flights.remove(key, this);
            outcome.completeExceptionally(error);
        }

        /** How many requests wait on this flight. */
        public int waiters() {
            return waiters.get();
        }
    }
}
