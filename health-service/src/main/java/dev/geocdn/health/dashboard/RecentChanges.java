package dev.geocdn.health.dashboard;

import dev.geocdn.health.membership.StateChange;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The latest state changes of nodes, gateways and regions, newest first: the dashboard's
 * "recent failovers and their cause". A node, gateway or region that goes down is what makes
 * the gateways move its traffic to the next node or region, and its reason ("2 probes failed:
 * connection refused", "gateway down: ...") is the cause. Fed by the health book's change
 * listener, the same that sends alerts; kept in memory only, so a restarted health service
 * starts with an empty list.
 *
 * <p>Thread-safe: changes arrive on probe threads, reads come from the web layer.
 */
public final class RecentChanges {

    private final int capacity;
    private final Deque<StateChange> changes = new ArrayDeque<>();

    /** Keeps the latest {@code capacity} changes. */
    public RecentChanges(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("keep at least one change, not " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void record(StateChange change) {
        changes.addFirst(change);
        while (changes.size() > capacity) {
            changes.removeLast();
        }
    }

    /** The kept changes, newest first. */
    public synchronized List<StateChange> latest() {
        return List.copyOf(changes);
    }
}
