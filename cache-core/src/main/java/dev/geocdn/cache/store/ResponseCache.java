package dev.geocdn.cache.store;

import dev.geocdn.cache.eviction.BoundedStore;
import dev.geocdn.cache.eviction.EvictionPolicy;
import dev.geocdn.cache.http.RequestFields;
import dev.geocdn.cache.vary.VaryKeys;

/**
 * The response cache: stored responses by primary cache key (scheme, host, path and query)
 * and secondary key (Vary), in a {@link BoundedStore} whose policy decides what to forget.
 *
 * <p>Thread-safe. Variants of a URL change through atomic recomputation of their entry, so
 * concurrent fills of different variants never lose each other.
 */
public final class ResponseCache {

    private final BoundedStore<String, Variants> store;
    private final long maxObjectBytes;

    /**
     * @param policy         the eviction policy
     * @param maxBytes       the bound on stored bodies and headers
     * @param maxObjectBytes the largest single response body that is stored
     */
    public ResponseCache(EvictionPolicy policy, long maxBytes, long maxObjectBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.store = policy.create(maxBytes, Variants::weight, (key, variants) -> variants.release());
        this.maxObjectBytes = maxObjectBytes;
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

    /** Whether a body of {@code length} bytes (or unknown, negative) may be stored. */
    public boolean admitsLength(long length) {
        return length <= maxObjectBytes;
    }

    /**
     * Stores {@code response} under {@code primaryKey}, replacing the variant with its secondary
     * key. The store takes its own reference on the body: the caller keeps (and releases) its own.
     */
    public void store(String primaryKey, StoredResponse response) {
        if (response.body().length() > maxObjectBytes) {
            return;
        }
        store.compute(primaryKey, (k, existing) -> existing == null
                ? new Variants(java.util.List.of(response))
                : existing.with(response));
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

    /** Removes everything. */
    public void clear() {
        store.clear();
    }
}
