package dev.geocdn.cache.purge;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What this node has purged, and when: the HLC time of the latest purge of each URL, prefix
 * and tag, so that a fill that started before a purge does not store what the purge removed.
 * Without them, a fill that fetched the old object just before the purge reached the node
 * would store it just after, and the purge would have been for nothing.
 *
 * <p><b>Rule.</b> A store whose fill started at {@code s} is refused when a tombstone at
 * {@code t >= s} covers it: one on its URL, on one of its tags, or on a prefix of its URL. Times
 * are HLC times (larger is later, unique per node), so a tie is the same instant and refused.
 *
 * <p><b>Expiry and the floor.</b> A tombstone at {@code t} matters only to stores that started at
 * or before {@code t}; {@link #forgetBefore} drops those older than the oldest fill still in
 * flight (see {@link InFlightFills}), {@link #forgetAll} every one when none is. Every dropped
 * tombstone raises the <em>floor</em> to its time, and a store that started at or before the
 * floor is refused whatever it is: a forgotten tombstone might have covered it. So forgetting
 * never lets a purged object back in, whatever the timing of registration: a fill that read its
 * start time before a purge but registered after the sweep is refused, not stored. A fill
 * registered before an expiry is never below the floor it raises, since an expiry only drops
 * tombstones older than every registered fill.
 *
 * <p><b>Bound.</b> At most {@code max} tombstones are kept. Past that, the oldest are dropped as
 * if expired, raising the floor: fills older than the floor are then refused (not cached, so
 * served from the origin once) until they are done, while newer fills are unaffected. A purge
 * storm costs some misses, never a resurrection. Each tombstone costs about 130 bytes of heap
 * plus its name (measured with 100,000 URL tombstones), outside the store's byte bound: they are
 * bounded by count instead, so the default bound holds about 13 MB plus names at most.
 *
 * <p><b>Concurrency.</b> One read-write lock: checks share it, recording and forgetting take it
 * alone. {@link #admit} runs the store's write under the read lock, which is what makes a check
 * and a purge atomic with respect to each other (see {@code ResponseCache}).
 */
public final class Tombstones {

    /** The default bound on the number of tombstones. */
    public static final int DEFAULT_MAX = 100_000;

    /** Whether a store may proceed. */
    public enum Verdict {
        /** No tombstone covers it: it may be stored. */
        CLEAR,
        /** A purge at or after its start covers its URL, a prefix of it, or one of its tags. */
        PURGED,
        /** It started at or before the floor, where a forgotten tombstone may have covered it. */
        BELOW_FLOOR
    }

    private enum Kind { URL, PREFIX, TAG }

    /** A tombstone in time order, for expiry. */
    private record Stamp(long time, Kind kind, String name) {
    }

    /** Oldest first; kind and name only break ties between tombstones of one purge. */
    private static final Comparator<Stamp> BY_TIME = Comparator.comparingLong(Stamp::time)
            .thenComparing(Stamp::kind).thenComparing(Stamp::name);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Long> urls = new HashMap<>();
    private final Map<String, Long> tags = new HashMap<>();
    /** Sorted, so that the prefixes of a URL are found without looking at the others. */
    private final NavigableMap<String, Long> prefixes = new TreeMap<>();
    private final TreeSet<Stamp> byTime = new TreeSet<>(BY_TIME);
    private final int max;
    private long floor = Long.MIN_VALUE;

    /** Tombstones bounded by {@link #DEFAULT_MAX}. */
    public Tombstones() {
        this(DEFAULT_MAX);
    }

    /** @param max the most tombstones kept; past it the oldest go and the floor rises */
    public Tombstones(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
    }

    /** Records that {@code target} was purged at {@code time}; an earlier time than the one kept changes nothing. */
    public void record(PurgeTarget target, long time) {
        Kind kind = switch (target) {
            case PurgeTarget.Url url -> Kind.URL;
            case PurgeTarget.Prefix prefix -> Kind.PREFIX;
            case PurgeTarget.Tag tag -> Kind.TAG;
        };
        String name = target.value();
        lock.writeLock().lock();
        try {
            Map<String, Long> map = mapOf(kind);
            Long previous = map.get(name);
            if (previous != null && previous >= time) {
                return;
            }
            if (previous != null) {
                byTime.remove(new Stamp(previous, kind, name));
            }
            map.put(name, time);
            byTime.add(new Stamp(time, kind, name));
            while (byTime.size() > max) {
                forget(byTime.pollFirst());
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether a store of {@code url}, carrying {@code tags}, whose fill started at {@code startedAt}, may proceed. */
    public Verdict verdict(String url, Set<String> tags, long startedAt) {
        lock.readLock().lock();
        try {
            return verdictLocked(url, tags, startedAt);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Whether a tombstone at or after {@code time} covers {@code url} or one of {@code tags};
     * the floor is not consulted.
     */
    public boolean coveredSince(String url, Set<String> tags, long time) {
        lock.readLock().lock();
        try {
            return purgedLocked(url, tags, time) == Verdict.PURGED;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs {@code write} if the store is {@link Verdict#CLEAR}, before any purge or expiry can
     * change the verdict; {@code write} must be quick and must not call back into this object.
     *
     * @return the verdict; {@code write} ran if and only if it is {@code CLEAR}
     */
    public Verdict admit(String url, Set<String> tags, long startedAt, Runnable write) {
        lock.readLock().lock();
        try {
            Verdict verdict = verdictLocked(url, tags, startedAt);
            if (verdict == Verdict.CLEAR) {
                write.run();
            }
            return verdict;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * {@link #admit(String, Set, long, Runnable)} for a copy kept outside the node (a persistence
     * tier) and read back: refused when a purge at or after {@code filledAt}, when the copy's fill
     * started, covers it; the floor is checked against {@code readStartedAt}, when the read
     * started. Tombstones the floor stands for were forgotten before the read began, and the
     * purges they record had already removed the object from the tier before they were recorded,
     * so a read that starts later cannot find what they purged; those kept are checked against
     * the fill's own time, as in memory.
     */
    public Verdict admit(String url, Set<String> tags, long filledAt, long readStartedAt, Runnable write) {
        lock.readLock().lock();
        try {
            Verdict verdict = readStartedAt <= floor ? Verdict.BELOW_FLOOR : purgedLocked(url, tags, filledAt);
            if (verdict == Verdict.CLEAR) {
                write.run();
            }
            return verdict;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Drops the tombstones older than {@code horizon} (the oldest start still in flight); returns how many. */
    public int forgetBefore(long horizon) {
        lock.writeLock().lock();
        try {
            int dropped = 0;
            while (!byTime.isEmpty() && byTime.first().time() < horizon) {
                forget(byTime.pollFirst());
                dropped++;
            }
            return dropped;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Drops every tombstone, for when no fill is in flight; returns how many. */
    public int forgetAll() {
        lock.writeLock().lock();
        try {
            int dropped = byTime.size();
            while (!byTime.isEmpty()) {
                forget(byTime.pollFirst());
            }
            return dropped;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The number of tombstones kept. */
    public int size() {
        lock.readLock().lock();
        try {
            return byTime.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The latest time of a forgotten tombstone ({@code Long.MIN_VALUE} before any): stores started at or before it are refused. */
    public long floor() {
        lock.readLock().lock();
        try {
            return floor;
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- under the lock --------------------------------------------------------------------

    private Verdict verdictLocked(String url, Set<String> storedTags, long startedAt) {
        return startedAt <= floor ? Verdict.BELOW_FLOOR : purgedLocked(url, storedTags, startedAt);
    }

    private Verdict purgedLocked(String url, Set<String> storedTags, long startedAt) {
        if (atOrAfter(urls.get(url), startedAt) || latestPrefixOf(url) >= startedAt) {
            return Verdict.PURGED;
        }
        if (!tags.isEmpty()) {
            for (String tag : storedTags) {
                if (atOrAfter(tags.get(tag), startedAt)) {
                    return Verdict.PURGED;
                }
            }
        }
        return Verdict.CLEAR;
    }

    private static boolean atOrAfter(Long time, long startedAt) {
        return time != null && time >= startedAt;
    }

    /**
     * The latest time of a prefix tombstone that is a prefix of {@code url}, or
     * {@code Long.MIN_VALUE}. Every prefix of {@code url} sorts at or before it, so the search
     * walks down from {@code url} with floor lookups; a key found that is not a prefix of the
     * URL shows that no prefix lies between it and the longest prefix they share, so the walk
     * jumps there. Each step shortens the bound, and there are as many steps as matching
     * prefixes and mismatches on the way, not as many as prefix tombstones.
     */
    private long latestPrefixOf(String url) {
        long latest = Long.MIN_VALUE;
        String bound = url;
        while (!bound.isEmpty()) {
            Map.Entry<String, Long> candidate = prefixes.floorEntry(bound);
            if (candidate == null) {
                break;
            }
            String prefix = candidate.getKey();
            if (url.startsWith(prefix)) {
                latest = Math.max(latest, candidate.getValue());
                bound = prefix.substring(0, prefix.length() - 1);
            } else {
                bound = url.substring(0, commonLength(prefix, url));
            }
        }
        return latest;
    }

    private static int commonLength(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private void forget(Stamp stamp) {
        mapOf(stamp.kind()).remove(stamp.name());
        floor = Math.max(floor, stamp.time());
    }

    private Map<String, Long> mapOf(Kind kind) {
        return switch (kind) {
            case URL -> urls;
            case PREFIX -> prefixes;
            case TAG -> tags;
        };
    }
}
