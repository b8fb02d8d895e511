package dev.geocdn.cache.store;

import dev.geocdn.cache.eviction.BoundedStore;
import dev.geocdn.cache.eviction.EvictionPolicy;
import dev.geocdn.cache.http.RequestFields;
import dev.geocdn.cache.partial.PartialResponses;
import dev.geocdn.cache.purge.InFlightFills;
import dev.geocdn.cache.purge.PurgeIndex;
import dev.geocdn.cache.purge.PurgeMode;
import dev.geocdn.cache.purge.PurgeResult;
import dev.geocdn.cache.purge.PurgeTarget;
import dev.geocdn.cache.purge.SurrogateKeys;
import dev.geocdn.cache.purge.Tombstones;
import dev.geocdn.cache.vary.VaryKeys;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The response cache: stored responses by primary cache key (scheme, host, path and query)
 * and secondary key (Vary), in a {@link BoundedStore} whose policy decides what to forget.
 *
 * <p><b>Concurrency.</b> Thread-safe. Variants of a URL change through atomic recomputation of
 * their entry, so concurrent fills of different variants never lose each other.
 *
 * <p><b>Purges.</b> A purge reaches a URL, a prefix or a tag ({@link PurgeTarget}) through a
 * {@link PurgeIndex} kept with the store (no scan of the store per purge), and removes or marks
 * stale what it reaches ({@link PurgeMode}). It leaves {@link Tombstones}: a later store whose
 * fill started at or before the purge's time, and that the purge covers, is refused. Times are
 * the node's hybrid logical clock; tombstones expire once no fill older than them is in flight
 * ({@link #beginFill}).
 *
 * <p><b>Why a fill that started before a purge is never kept.</b> A purge records its
 * tombstones first, then reads the index, then rewrites each key it found. A store checks the
 * tombstones and indexes its key inside the store's atomic write of that key, under the
 * tombstones' read lock ({@link Tombstones#admit}), which excludes recording. So either the check
 * follows the purge's record and sees the tombstone, or the key was indexed before the record,
 * the purge finds it, and its rewrite of the key (serialized after the store's write) removes
 * or marks what was stored.
 *
 * <p><b>The index follows the store.</b> Every write of a key re-indexes it from inside the
 * store's atomic write, before the value is visible; every value that leaves the store
 * (evicted, replaced, removed, cleared) is unindexed by the store's removal listener if it is
 * still the one indexed. So the index never misses a key the store holds, and keeps a key the
 * store lost only until the listener has run for it, which every policy does synchronously on
 * the thread that removed it; a purge that meets such a key finds nothing to do there.
 *
 * <p><b>Bodies.</b> The store takes one reference on each stored body and gives it back once,
 * when the value holding it leaves (the removal listener); a refused store takes none.
 */
public final class ResponseCache {

    /** A start time after every purge: the store is checked against no tombstone. */
    private static final long UNCHECKED = Long.MAX_VALUE;

    /** Selects every variant of a URL, for URL and prefix purges. */
    private static final Predicate<StoredResponse> EVERY_VARIANT = response -> true;

    private final BoundedStore<String, Variants> store;
    private final long maxObjectBytes;
    private final PurgeIndex<Variants> index = new PurgeIndex<>();
    private final Tombstones tombstones;
    private final InFlightFills fills = new InFlightFills();
    /** How long (HLC units) tombstones are kept at least, after their purge: see {@link #expireTombstones(long)}. */
    private final long tombstoneRetention;

    /**
     * A cache keeping at most {@link Tombstones#DEFAULT_MAX} tombstones.
     *
     * @param policy         the eviction policy
     * @param maxBytes       the bound on stored bodies, headers and index entries
     * @param maxObjectBytes the largest single response body that is stored
     */
    public ResponseCache(EvictionPolicy policy, long maxBytes, long maxObjectBytes) {
        this(policy, maxBytes, maxObjectBytes, Tombstones.DEFAULT_MAX);
    }

    /**
     * @param policy         the eviction policy
     * @param maxBytes       the bound on stored bodies, headers and index entries
     * @param maxObjectBytes the largest single response body that is stored
     * @param maxTombstones  the most purge tombstones kept (see {@link Tombstones})
     */
    public ResponseCache(EvictionPolicy policy, long maxBytes, long maxObjectBytes, int maxTombstones) {
        this(policy, maxBytes, maxObjectBytes, maxTombstones, 0);
    }

    /**
     * @param policy             the eviction policy
     * @param maxBytes           the bound on stored bodies, headers and index entries
     * @param maxObjectBytes     the largest single response body that is stored
     * @param maxTombstones      the most purge tombstones kept (see {@link Tombstones})
     * @param tombstoneRetention how long, in HLC units (milliseconds shifted left by 16 bits), a
     *                           tombstone is kept after its purge even with no fill of this node
     *                           in flight: copies from another tier ({@link #storeCopy}) are checked
     *                           against the time they were filled there, which may be long before
     *                           this node asked, so the tombstones must outlast the other tier's lag
     *                           in applying the same purge; 0 for a cache that takes no such copies
     */
    public ResponseCache(EvictionPolicy policy, long maxBytes, long maxObjectBytes, int maxTombstones,
                         long tombstoneRetention) {
        if (tombstoneRetention < 0) {
            throw new IllegalArgumentException("tombstoneRetention must not be negative: " + tombstoneRetention);
        }
        this.tombstoneRetention = tombstoneRetention;
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.store = policy.create(maxBytes, Variants::weight, this::onRemoval);
        this.maxObjectBytes = maxObjectBytes;
        this.tombstones = new Tombstones(maxTombstones);
    }

    /** Finds the stored response for {@code primaryKey} that matches the request's Vary values. */
    public Lookup lookup(String primaryKey, RequestFields requestHeaders) {
        Variants variants = store.get(primaryKey);
        if (variants == null || variants.responses().isEmpty()) {
            return Lookup.miss(Lookup.Miss.URI_MISS);
        }
        for (StoredResponse candidate : variants.responses()) {
            String key = VaryKeys.secondaryKey(VaryKeys.fieldNames(candidate.headers()), requestHeaders);
            if (key.equals(candidate.secondaryKey())) {
                return Lookup.hit(candidate);
            }
        }
        return Lookup.miss(Lookup.Miss.VARY_MISS);
    }

    /**
     * The response stored for {@code primaryKey} when it is the only one and has no Vary, so that
     * every request selects it; else null, and {@link #lookup} decides. Makes no object: the
     * hit path asks this for requests that carry no conditions.
     */
    public StoredResponse plainHit(String primaryKey) {
        Variants variants = store.get(primaryKey);
        if (variants == null) {
            return null;
        }
        List<StoredResponse> responses = variants.responses();
        if (responses.size() != 1) {
            return null;
        }
        StoredResponse only = responses.get(0);
        return only.secondaryKey().isEmpty() ? only : null;
    }

    /** Whether a body of {@code length} bytes (or unknown, negative) may be stored. */
    public boolean admitsLength(long length) {
        return length <= maxObjectBytes;
    }

    /**
     * Stores {@code response} with no purge check, as if its fill started after every purge: for
     * callers outside any purge ordering (tests, benchmarks, warming from a snapshot taken
     * after the purges it reflects). A fill, revalidation or replica uses
     * {@link #store(String, StoredResponse, long)}.
     */
    public void store(String primaryKey, StoredResponse response) {
        store(primaryKey, response, UNCHECKED);
    }

    /**
     * Stores {@code response} under {@code primaryKey}, replacing the variant with its secondary
     * key, unless a purge at or after {@code startedAt} covers it (its URL, a prefix of it, or
     * one of its tags): a fill, revalidation or replica that started before a purge does not
     * undo it, and a revalidation that started before a soft purge does not make the entry
     * fresh again. When stored, the store takes its own reference on the body; the caller keeps
     * (and releases) its own either way.
     *
     * @param startedAt HLC time at which the fill (origin request, revalidation) started; for a
     *                  replica, when the fill that produced it did. The caller records the same
     *                  time in the response ({@link StoredResponse#withFilledAt}), for tiers that
     *                  copy it later
     */
    public StoreOutcome store(String primaryKey, StoredResponse response, long startedAt) {
        return admitWith(primaryKey, response, (key, tags, write) -> tombstones.admit(key, tags, startedAt, write));
    }

    /**
     * Stores a copy read back from outside the node (a persistence tier), as
     * {@link #store(String, StoredResponse, long)} stores a fill, with the purge check of
     * {@link Tombstones#admit(String, java.util.Set, long, long, Runnable)}: refused when a purge
     * at or after {@code filledAt} covers it, or when the read started at or before the floor.
     *
     * @param filledAt      HLC time at which the fill that produced the copy started
     * @param readStartedAt HLC time at which this node started reading it, registered with
     *                      {@link #beginFill(long)} for the read's duration
     */
    public StoreOutcome storeCopy(String primaryKey, StoredResponse response, long filledAt, long readStartedAt) {
        return admitWith(primaryKey, response,
                (key, tags, write) -> tombstones.admit(key, tags, filledAt, readStartedAt, write));
    }

    /**
     * Whether a purge this node applied at or after {@code filledAt} covers {@code primaryKey} or
     * one of {@code tags}: a copy filled elsewhere at that time (another tier's answer) is out of
     * date here, and the caller fetches the current one from the origin instead of serving it.
     * The floor does not count: it is for stores, and {@link #storeCopy} checks it.
     */
    public boolean purgedSince(String primaryKey, java.util.Set<String> tags, long filledAt) {
        return tombstones.coveredSince(primaryKey, tags, filledAt);
    }

    /**
     * Stores a replica pushed from another region, as {@link #storeCopy} stores a copy (purges
     * since {@code filledAt} refuse it, the floor judges {@code readStartedAt}), unless this cache
     * holds the same variant filled at {@code filledAt} or later: among fills, the later one wins,
     * and a purge always wins. Decided inside the store's atomic update of the key, so a fill
     * stored meanwhile is never replaced by an older replica.
     *
     * @param response its {@link StoredResponse#filledAt()} is the replica's fill time
     */
    public StoreOutcome storeReplica(String primaryKey, StoredResponse response, long readStartedAt) {
        if (response.body().length() > maxObjectBytes) {
            return StoreOutcome.TOO_LARGE;
        }
        SurrogateKeys keys = response.surrogateKeys();
        if (!keys.withinBounds()) {
            return StoreOutcome.TAGS_OUT_OF_BOUNDS;
        }
        long filledAt = response.filledAt();
        Tombstones.Verdict[] verdict = new Tombstones.Verdict[1];
        boolean[] newerHeld = {false};
        store.compute(primaryKey, (k, existing) -> {
            StoredResponse held = existing == null ? null : existing.select(response.secondaryKey());
            if (held != null && held.filledAt() >= filledAt) {
                newerHeld[0] = true;
                return existing;
            }
            return admit(k, existing, response, keys, verdict,
                    (key, tags, write) -> tombstones.admit(key, tags, filledAt, readStartedAt, write));
        });
        return newerHeld[0] ? StoreOutcome.NEWER_HELD : outcome(verdict[0]);
    }

    /** The variant of {@code primaryKey} stored under {@code secondaryKey} (its Vary values), or null. */
    public StoredResponse variant(String primaryKey, String secondaryKey) {
        Variants variants = store.get(primaryKey);
        return variants == null ? null : variants.select(secondaryKey);
    }

    /** The tombstones' check for one store: runs {@code write} when clear. */
    private interface Admission {
        Tombstones.Verdict admit(String key, java.util.Set<String> tags, Runnable write);
    }

    private StoreOutcome admitWith(String primaryKey, StoredResponse response, Admission admission) {
        if (response.body().length() > maxObjectBytes) {
            return StoreOutcome.TOO_LARGE;
        }
        SurrogateKeys keys = response.surrogateKeys();
        if (!keys.withinBounds()) {
            return StoreOutcome.TAGS_OUT_OF_BOUNDS;
        }
        Tombstones.Verdict[] verdict = new Tombstones.Verdict[1];
        store.compute(primaryKey, (k, existing) -> admit(k, existing, response, keys, verdict, admission));
        return outcome(verdict[0]);
    }

    /**
     * Inside the store's atomic update: {@code existing} with {@code response} added, indexed,
     * when the tombstones' {@code check} runs the write; otherwise {@code existing} unchanged, so
     * the store sees no write and releases nothing. The tombstones' verdict goes to {@code verdict}.
     */
    private Variants admit(String key, Variants existing, StoredResponse response, SurrogateKeys keys,
                           Tombstones.Verdict[] verdict, Admission check) {
        Variants[] next = {existing};
        verdict[0] = check.admit(key, keys.tags(), () -> {
            next[0] = existing == null ? new Variants(List.of(response)) : existing.with(response);
            index.put(key, next[0], next[0].tags());
        });
        return next[0];
    }

    private static StoreOutcome outcome(Tombstones.Verdict verdict) {
        return switch (verdict) {
            case CLEAR -> StoreOutcome.STORED;
            case PURGED -> StoreOutcome.PURGED;
            case BELOW_FLOOR -> StoreOutcome.BELOW_FLOOR;
        };
    }

    /**
     * Stores {@code part}, a 206 holding one part of a representation, combined with the parts
     * already stored for the same variant when they are of the same representation (see
     * {@link dev.geocdn.cache.partial.PartialResponses#combine}), under the same purge check as
     * {@link #store(String, StoredResponse, long)}. The combination happens inside the store's
     * atomic update, so parts arriving together for one URL are all kept. A complete
     * representation already stored is left as it is.
     *
     * @return the outcome, with the response as combined (stored or not)
     */
    public PartStored storePart(String primaryKey, StoredResponse part, long startedAt) {
        return storePart(primaryKey, part, (key, tags, write) -> tombstones.admit(key, tags, startedAt, write));
    }

    /**
     * {@link #storePart(String, StoredResponse, long)} for a part copied from another tier, with
     * the purge check of {@link #storeCopy}: purges since {@code filledAt}, the floor against
     * {@code readStartedAt}.
     */
    public PartStored storePartCopy(String primaryKey, StoredResponse part, long filledAt, long readStartedAt) {
        return storePart(primaryKey, part,
                (key, tags, write) -> tombstones.admit(key, tags, filledAt, readStartedAt, write));
    }

    private PartStored storePart(String primaryKey, StoredResponse part, Admission admission) {
        SurrogateKeys keys = part.surrogateKeys();
        if (!keys.withinBounds()) {
            return new PartStored(StoreOutcome.TAGS_OUT_OF_BOUNDS, part);
        }
        StoredResponse[] stored = {part};
        StoreOutcome[] outcome = {StoreOutcome.STORED};
        Tombstones.Verdict[] verdict = {Tombstones.Verdict.CLEAR};
        store.compute(primaryKey, (k, existing) -> {
            StoredResponse current = existing == null ? null : existing.select(part.secondaryKey());
            if (current != null && !PartialResponses.isPartial(current)
                    && PartialResponses.sameRepresentation(current, part)) {
                stored[0] = current;
                return existing; // the whole representation is already here
            }
            StoredResponse combined = PartialResponses.combine(current, part);
            stored[0] = combined;
            if (combined.body().length() > maxObjectBytes) {
                outcome[0] = StoreOutcome.TOO_LARGE;
                return existing;
            }
            return admit(k, existing, combined, keys, verdict, admission);
        });
        return new PartStored(outcome[0] != StoreOutcome.STORED ? outcome[0] : outcome(verdict[0]), stored[0]);
    }

    /**
     * What became of a part: the outcome, and the response it made when combined with what was
     * stored (all of the representation now held, or just more of it), stored or not.
     */
    public record PartStored(StoreOutcome outcome, StoredResponse response) {
    }

    /**
     * Registers a fill that started at {@code startedAt} (HLC), so that the tombstones it may
     * need outlive it; close the handle once the fill stored its response or gave up. Optional
     * for correctness (see {@link Tombstones}), needed for precision: an unregistered fill may be
     * refused because of an unrelated purge.
     */
    public InFlightFills.Fill beginFill(long startedAt) {
        return fills.begin(startedAt);
    }

    /**
     * Purges {@code target} at HLC time {@code at}: leaves its tombstone, then removes
     * ({@link PurgeMode#HARD}) or marks stale ({@link PurgeMode#SOFT}) every variant it reaches:
     * every variant of a URL, of each URL under a prefix, or each variant carrying a tag. Then
     * expires the tombstones no fill in flight needs.
     *
     * @param at the node's HLC time for the purge, taken when the node applies it (after merging
     *           the purge's own stamp), so later than the start of every fill that may have
     *           fetched what the purge replaces; the targets of one purge request may share it
     */
    public PurgeResult purge(PurgeTarget target, PurgeMode mode, long at) {
        Objects.requireNonNull(mode, "mode");
        tombstones.record(target, at);
        PurgeResult result = switch (target) {
            case PurgeTarget.Url url -> purgeKey(url.value(), EVERY_VARIANT, mode);
            case PurgeTarget.Prefix prefix -> purgeKeys(index.keysWithPrefix(prefix.value()), EVERY_VARIANT, mode);
            case PurgeTarget.Tag tag -> purgeKeys(index.keysWithTag(tag.value()),
                    response -> response.surrogateKeys().contains(tag.value()), mode);
        };
        expireTombstones(at);
        return result;
    }

    /**
     * Drops the tombstones older than every fill in flight (all of them when none is), ignoring
     * the retention: for callers outside time (tests, tools). A node runs
     * {@link #expireTombstones(long)}.
     *
     * @return how many were dropped
     */
    public int expireTombstones() {
        OptionalLong oldest = fills.oldestStart();
        return oldest.isPresent() ? tombstones.forgetBefore(oldest.getAsLong()) : tombstones.forgetAll();
    }

    /**
     * Drops the tombstones older than every fill in flight and older than the retention before
     * {@code now} (HLC); run after each purge, and on demand (a timer) so that they go without
     * waiting for the next purge.
     *
     * @return how many were dropped
     */
    public int expireTombstones(long now) {
        if (tombstoneRetention == 0) {
            return expireTombstones();
        }
        long horizon = now - tombstoneRetention;
        OptionalLong oldest = fills.oldestStart();
        return tombstones.forgetBefore(oldest.isPresent() ? Math.min(oldest.getAsLong(), horizon) : horizon);
    }

    /** Removes every variant stored for {@code primaryKey}; true if something was removed. */
    public boolean invalidate(String primaryKey) {
        return store.remove(primaryKey) != null;
    }

    /** The number of URLs stored. */
    public long objectCount() {
        return store.size();
    }

    /** The bytes stored. */
    public long storedBytes() {
        return store.weightedSize();
    }

    /** The byte bound. */
    public long maxBytes() {
        return store.maximumWeight();
    }

    /** Entries evicted to respect the bound. */
    public long evictionCount() {
        return store.evictionCount();
    }

    /** The purge tombstones kept. */
    public int tombstoneCount() {
        return tombstones.size();
    }

    /** The tombstone floor: stores whose fill started at or before it are refused (see {@link Tombstones}). */
    public long tombstoneFloor() {
        return tombstones.floor();
    }

    /** The fills registered and not yet closed. */
    public int fillsInFlight() {
        return fills.size();
    }

    /**
     * Removes every stored response. Tombstones stay: a fill in flight that started before a
     * purge is still refused after a clear.
     */
    public void clear() {
        store.clear();
    }

    /** The purge index, for tests that check it against the store. */
    PurgeIndex<Variants> index() {
        return index;
    }

    /** The stored entries, read without recording accesses, for tests that check the index against them. */
    Map<String, Variants> entries() {
        Map<String, Variants> seen = new TreeMap<>();
        store.removeIf((key, variants) -> {
            seen.put(key, variants);
            return false;
        });
        return seen;
    }

    private PurgeResult purgeKeys(List<String> keys, Predicate<StoredResponse> selected, PurgeMode mode) {
        PurgeResult total = PurgeResult.NONE;
        for (String key : keys) {
            total = total.plus(purgeKey(key, selected, mode));
        }
        return total;
    }

    /** Purges the variants of {@code key} that {@code selected} accepts, in one atomic write of the key. */
    private PurgeResult purgeKey(String key, Predicate<StoredResponse> selected, PurgeMode mode) {
        int[] affected = {0};
        store.compute(key, (k, existing) -> {
            if (existing == null) {
                return null;
            }
            Variants next = existing.purged(selected, mode);
            if (next != existing) {
                affected[0] = existing.count(selected);
                if (next != null) {
                    index.put(k, next, next.tags());
                }
            }
            return next;
        });
        return affected[0] == 0 ? PurgeResult.NONE : new PurgeResult(1, affected[0]);
    }

    /** Told of every value leaving the store: unindexes it (if still the one indexed) and gives back its bodies. */
    private void onRemoval(String key, Variants variants) {
        index.remove(key, variants);
        variants.release();
    }
}
