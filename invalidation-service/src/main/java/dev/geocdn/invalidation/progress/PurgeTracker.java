package dev.geocdn.invalidation.progress;

import dev.geocdn.protocol.purge.PurgeAck;
import dev.geocdn.protocol.purge.PurgeCommand;
import dev.geocdn.protocol.topology.Membership;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The recent purges and their acknowledgements: what {@code GET /v1/purge/{id}} shows and what
 * strong purges wait on.
 *
 * <p><b>Bounded.</b> The history keeps the last {@code capacity} purges (10,000 by default),
 * dropping the oldest; a purge dropped while a strong request still waits on it simply times
 * out (504), which takes more than {@code capacity} purges within one deadline. Each entry
 * holds counts and per-node acknowledgements, never the purge's targets, so 10,000 entries of a
 * 50-node CDN take a few tens of megabytes at most.
 *
 * <p><b>Sources.</b> This service registers its own purges before writing them, so no
 * acknowledgement can arrive for a purge it does not know. The purge log reader registers
 * purges other instances wrote as it reads them ({@link #observe}), so any instance can answer
 * {@code GET} for any recent purge. Acknowledgements that arrive before their purge is read
 * (the purge and acknowledgement topics are read together, but not in any order between them)
 * wait in a small buffer of {@value #ORPHAN_CAPACITY} purge ids.
 *
 * <p><b>Membership.</b> A purge requires the nodes up in the membership when it is registered;
 * whenever the membership changes, {@link #membershipChanged()} re-evaluates the unfinished
 * purges, so that a node going down releases strong requests that waited for it.
 *
 * <p><b>Concurrency.</b> History and orphans are guarded by this object's lock; futures are
 * completed outside it. Time comes from the {@link Clock} given.
 */
public final class PurgeTracker {

    /** Purge ids whose acknowledgements arrived before the purge itself, kept for it. */
    static final int ORPHAN_CAPACITY = 1_000;

    private final int capacity;
    private final Clock clock;
    private final Supplier<Membership> membership;
    private final Map<String, TrackedPurge> history;
    private final Map<String, List<Received>> orphans;
    private final Set<TrackedPurge> unfinished = ConcurrentHashMap.newKeySet();

    private record Received(PurgeAck ack, long atMillis) {
    }

    /**
     * @param capacity   purges kept
     * @param clock      the clock acknowledgement latencies are measured on
     * @param membership the current membership
     */
    public PurgeTracker(int capacity, Clock clock, Supplier<Membership> membership) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the history needs room for at least one purge");
        }
        this.capacity = capacity;
        this.clock = clock;
        this.membership = membership;
        this.history = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TrackedPurge> eldest) {
                boolean full = size() > capacity;
                if (full) {
                    unfinished.remove(eldest.getValue());
                }
                return full;
            }
        };
        this.orphans = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Received>> eldest) {
                return size() > ORPHAN_CAPACITY;
            }
        };
    }

    /**
     * Registers a purge about to be written, requiring the nodes up now; the purge already
     * registered under that id when there is one.
     */
    public TrackedPurge register(PurgeCommand command) {
        Membership now = membership.get();
        TrackedPurge purge;
        List<Received> early;
        synchronized (this) {
            TrackedPurge known = history.get(command.id());
            if (known != null) {
                return known;
            }
            purge = new TrackedPurge(command, PurgeProgress.liveNodes(now));
            history.put(purge.id(), purge);
            unfinished.add(purge);
            early = orphans.remove(purge.id());
        }
        if (early != null) {
            early.forEach(r -> purge.acknowledge(applied(purge, r.ack(), r.atMillis())));
        }
        settle(purge, PurgeProgress.isUp(now));
        return purge;
    }

    /** A purge read from the purge log: registered if it is not known yet (another instance wrote it). */
    public void observe(PurgeCommand command) {
        register(command);
    }

    /** Drops a purge whose write failed: it was never acknowledged to anyone. */
    public void forget(String id) {
        TrackedPurge purge;
        synchronized (this) {
            purge = history.remove(id);
        }
        if (purge != null) {
            unfinished.remove(purge);
        }
    }

    public Optional<TrackedPurge> find(String id) {
        synchronized (this) {
            return Optional.ofNullable(history.get(id));
        }
    }

    /**
     * Takes a node's acknowledgement: the acknowledgement as progress counts it when it was the
     * node's first for a known purge; empty for a repeat, or for a purge not known (kept a
     * while in case the purge is read later).
     */
    public Optional<Applied> acknowledge(PurgeAck ack) {
        long now = clock.millis();
        TrackedPurge purge;
        synchronized (this) {
            purge = history.get(ack.purgeId());
            if (purge == null) {
                orphans.computeIfAbsent(ack.purgeId(), k -> new ArrayList<>()).add(new Received(ack, now));
                return Optional.empty();
            }
        }
        Applied applied = applied(purge, ack, now);
        if (!purge.acknowledge(applied)) {
            return Optional.empty();
        }
        settle(purge, PurgeProgress.isUp(membership.get()));
        return Optional.of(applied);
    }

    /** Re-evaluates the unfinished purges against the current membership. */
    public void membershipChanged() {
        Predicate<String> upNow = PurgeProgress.isUp(membership.get());
        for (TrackedPurge purge : List.copyOf(unfinished)) {
            settle(purge, upNow);
        }
    }

    /** Where a purge stands against the current membership. */
    public Progress progress(TrackedPurge purge) {
        return purge.progress(PurgeProgress.isUp(membership.get()));
    }

    /** How many purges the history keeps. */
    public int capacity() {
        return capacity;
    }

    /** Purges not done yet (for metrics). */
    public int unfinishedCount() {
        return unfinished.size();
    }

    private void settle(TrackedPurge purge, Predicate<String> upNow) {
        if (purge.settle(upNow)) {
            unfinished.remove(purge);
        }
    }

    private static Applied applied(TrackedPurge purge, PurgeAck ack, long atMillis) {
        return new Applied(ack.nodeId(), ack.region(), Math.max(0, atMillis - purge.acceptedAt().toEpochMilli()),
                ack.removed());
    }
}
