package dev.geocdn.cache.purge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The indexes a purge goes through instead of scanning the store: primary keys in order (a
 * prefix purge visits only the keys under its prefix) and, per tag, the keys with a response
 * carrying it (a tag purge visits only those).
 *
 * <p><b>Ownership.</b> Each key is indexed with the value stored for it (its owner, compared by
 * identity) and that value's tags. The store's owner replaces the entry whenever it writes a new
 * value, from inside the store's atomic write for that key, and removes it when told the value
 * left the store; a removal naming an older value than the one indexed (the store reporting the
 * replaced value after the write that replaced it) changes nothing. So the index follows the
 * store through replacements, evictions, removals and clears, whatever order the store's removal
 * notices arrive in.
 *
 * <p><b>Concurrency.</b> Thread-safe. Every change to one key happens inside an atomic
 * {@link ConcurrentHashMap#compute} on that key, so changes to one key are serialized and its
 * tag memberships and its place in the ordered set always match its entry once a change
 * returns. A tag's key set is created and dropped inside an atomic compute on the tag, so a
 * key added under a tag is never lost to the removal of the tag's emptied set. Readers get
 * weakly consistent snapshots: every key indexed before the read began and not removed since
 * is in them.
 *
 * <p><b>Memory.</b> Charged to the store with the entries it indexes: see
 * {@link #KEY_ENTRY_BYTES} and {@link #tagEntryBytes}.
 *
 * @param <V> the stored value type
 */
public final class PurgeIndex<V> {

    /**
     * Heap bytes per indexed key, charged with each stored response (so once per variant of a
     * URL, erring high): its entry in the per-key map and its node in the ordered set, about 105
     * bytes measured (200,000 keys, heap after GC, 64-bit JVM with compressed references). The
     * key string itself is the store's own instance, shared.
     */
    public static final int KEY_ENTRY_BYTES = 112;

    /**
     * Heap bytes per tag of a stored response, beyond its characters: the parsed tag string,
     * its slot in the entry's tag set, its membership in the tag's key set, and the tag's own
     * set as if no other key shared it. Measured about 280 bytes for a tag carried by one key
     * and about 160 for one shared by many (same conditions as {@link #KEY_ENTRY_BYTES}), so
     * charging every tag as unshared errs high.
     */
    public static final int TAG_ENTRY_BYTES = 288;

    private record Entry<V>(V owner, Set<String> tags) {
    }

    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<String> ordered = new ConcurrentSkipListSet<>();
    private final ConcurrentHashMap<String, Set<String>> byTag = new ConcurrentHashMap<>();

    /** The bytes charged for indexing {@code tags} of one stored response: two bytes a character, high for Latin-1 tags. */
    public static long tagEntryBytes(Set<String> tags) {
        long total = 0;
        for (String tag : tags) {
            total += TAG_ENTRY_BYTES + 2L * tag.length();
        }
        return total;
    }

    /**
     * Indexes {@code key} as holding {@code owner}, carrying {@code tags}, in place of what was
     * indexed for it. Call from inside the store's atomic write of {@code owner}, before it is
     * visible, so that a stored key is never missing from the index.
     */
    public void put(String key, V owner, Set<String> tags) {
        Set<String> copy = Set.copyOf(tags);
        entries.compute(key, (k, old) -> {
            Set<String> before = old == null ? Set.of() : old.tags();
            for (String tag : before) {
                if (!copy.contains(tag)) {
                    unlink(tag, k);
                }
            }
            for (String tag : copy) {
                if (!before.contains(tag)) {
                    link(tag, k);
                }
            }
            if (old == null) {
                ordered.add(k);
            }
            return new Entry<>(owner, copy);
        });
    }

    /** Forgets {@code key} if {@code owner} is what is indexed for it; told when {@code owner} left the store. */
    public void remove(String key, V owner) {
        entries.computeIfPresent(key, (k, entry) -> {
            if (entry.owner() != owner) {
                return entry;
            }
            for (String tag : entry.tags()) {
                unlink(tag, k);
            }
            ordered.remove(k);
            return null;
        });
    }

    /** The keys under {@code prefix}, in order, visiting no other key but the first one past them. */
    public List<String> keysWithPrefix(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String key : ordered.tailSet(prefix)) {
            if (!key.startsWith(prefix)) {
                break;
            }
            keys.add(key);
        }
        return keys;
    }

    /** The keys with a response carrying {@code tag}. */
    public List<String> keysWithTag(String tag) {
        Set<String> keys = byTag.get(tag);
        return keys == null ? List.of() : List.copyOf(keys);
    }

    /** Whether {@code key} is indexed. */
    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** The tags indexed for {@code key}; empty when it is not indexed. */
    public Set<String> tagsOf(String key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? Set.of() : entry.tags();
    }

    /** Every indexed key with its tags, for checks; not for serving. */
    public Map<String, Set<String>> snapshot() {
        Map<String, Set<String>> copy = new TreeMap<>();
        entries.forEach((key, entry) -> copy.put(key, entry.tags()));
        return copy;
    }

    /** Every tag with its keys, for checks; not for serving. */
    public Map<String, Set<String>> tagSnapshot() {
        Map<String, Set<String>> copy = new TreeMap<>();
        byTag.forEach((tag, keys) -> copy.put(tag, Set.copyOf(keys)));
        return copy;
    }

    /** The keys in the ordered set, for checks; not for serving. */
    public List<String> orderedKeys() {
        return List.copyOf(ordered);
    }

    /** The number of indexed keys. */
    public int size() {
        return entries.size();
    }

    private void link(String tag, String key) {
        byTag.compute(tag, (t, keys) -> {
            Set<String> set = keys == null ? ConcurrentHashMap.newKeySet() : keys;
            set.add(key);
            return set;
        });
    }

    private void unlink(String tag, String key) {
        byTag.computeIfPresent(tag, (t, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
        });
    }
}
