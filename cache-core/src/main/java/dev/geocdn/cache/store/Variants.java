package dev.geocdn.cache.store;

import dev.geocdn.cache.purge.PurgeMode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The stored responses of one URL, one per secondary key (RFC 9111 section 4.1). Kept
 * together under the primary key so that a purge or an unsafe-method invalidation of a URL
 * removes every variant at once, and eviction weighs them as one.
 *
 * @param responses the variants, most recently stored first
 */
public record Variants(List<StoredResponse> responses) {

    /** The most variants kept per URL; older ones are dropped first. */
    public static final int MAX_VARIANTS = 32;

    /**
     * Takes one reference on each variant's body for as long as this instance is stored; a body
     * already freed (lost a race with its eviction) is left out. {@link #release()} gives them
     * back when the store lets go of this instance.
     */
    public Variants {
        List<StoredResponse> held = new ArrayList<>(responses.size());
        for (StoredResponse response : responses) {
            if (response.body().retain()) {
                held.add(response);
            }
        }
        responses = List.copyOf(held);
    }

    /** Gives back the references taken on the bodies; called once, when the store removes this instance. */
    public void release() {
        for (StoredResponse response : responses) {
            response.body().release();
        }
    }

    /** The variant stored for {@code secondaryKey}, or null. */
    public StoredResponse select(String secondaryKey) {
        for (StoredResponse response : responses) {
            if (response.secondaryKey().equals(secondaryKey)) {
                return response;
            }
        }
        return null;
    }

    /** These variants with {@code response} added, replacing the one with the same secondary key. */
    public Variants with(StoredResponse response) {
        List<StoredResponse> list = new ArrayList<>(responses.size() + 1);
        list.add(response);
        for (StoredResponse existing : responses) {
            if (!existing.secondaryKey().equals(response.secondaryKey()) && list.size() < MAX_VARIANTS) {
                list.add(existing);
            }
        }
        return new Variants(list);
    }

    /** The tags of every variant together: a purge of any of them reaches this URL. */
    public Set<String> tags() {
        if (responses.size() == 1) {
            return responses.get(0).surrogateKeys().tags();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (StoredResponse response : responses) {
            tags.addAll(response.surrogateKeys().tags());
        }
        return tags;
    }

    /** How many variants {@code selected} accepts. */
    public int count(Predicate<StoredResponse> selected) {
        int n = 0;
        for (StoredResponse response : responses) {
            if (selected.test(response)) {
                n++;
            }
        }
        return n;
    }

    /**
     * These variants after a purge of those {@code selected} accepts: without them
     * ({@link PurgeMode#HARD}), or with them {@linkplain StoredResponse#markedStale() marked
     * stale} ({@link PurgeMode#SOFT}). This same instance when none is selected, so that the
     * store sees no change and releases nothing; null when none is left.
     */
    public Variants purged(Predicate<StoredResponse> selected, PurgeMode mode) {
        if (count(selected) == 0) {
            return this;
        }
        List<StoredResponse> kept = new ArrayList<>(responses.size());
        for (StoredResponse response : responses) {
            if (!selected.test(response)) {
                kept.add(response);
            } else if (mode == PurgeMode.SOFT) {
                kept.add(response.markedStale());
            }
        }
        return kept.isEmpty() ? null : new Variants(kept);
    }

    /** The total weight of the variants. */
    public long weight() {
        long total = 0;
        for (StoredResponse response : responses) {
            total += response.weight();
        }
        return total;
    }
}
