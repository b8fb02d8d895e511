package dev.geocdn.node.purge;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Items held until they are due, and let out in the order they came in: an item due before one
 * offered ahead of it waits for that one. This is the emulated one-way delay between a node and
 * the purge log, on both legs: purges are applied, and acknowledged, in log order.
 *
 * <p>Pure: the caller says what time it is, so it is tested without threads or sleeps. Not
 * thread-safe; the node's purge log reader owns it.
 *
 * @param <T> what is held
 */
final class DelayLine<T> {

    /** A due time that has always passed: for items that are not delayed at all. */
    static final Instant AT_ONCE = Instant.MIN;

    private final ArrayDeque<Held<T>> held = new ArrayDeque<>();

    /** Holds {@code item} until {@code dueAt}, behind every item offered before it. */
    void offer(T item, Instant dueAt) {
        held.addLast(new Held<>(item, dueAt));
    }

    /** Lets out the items due at {@code now}, in the order they came in, up to the first that is not. */
    List<T> due(Instant now) {
        List<T> out = new ArrayList<>();
        while (!held.isEmpty() && !held.peekFirst().dueAt().isAfter(now)) {
            out.add(held.pollFirst().item());
        }
        return out;
    }

    /** When the next item is due, or empty when nothing is held. */
    Optional<Instant> nextDue() {
        Held<T> next = held.peekFirst();
        return next == null ? Optional.empty() : Optional.of(next.dueAt());
    }

    int size() {
        return held.size();
    }

    private record Held<T>(T item, Instant dueAt) {
    }
}
