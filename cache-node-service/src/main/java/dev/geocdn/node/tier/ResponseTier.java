package dev.geocdn.node.tier;

import dev.geocdn.cache.http.RequestFields;
import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.cache.tier.TierEntry;
import reactor.core.publisher.Mono;

/**
 * Where a node keeps what it stores beyond its own memory, shared by the nodes of a region and
 * kept across restarts. Every call is best effort: it never fails and never takes longer than
 * the tier's timeout; a tier that is down, slow or refusing is a miss, and the node goes on to
 * the origin.
 */
public interface ResponseTier {

    /** A copy read back: the entry and the bytes it was read from (its body lies in them). */
    record Copy(TierEntry entry, byte[] bytes) {
    }

    /**
     * The copy kept under {@code cacheKey} for a request with {@code request}'s fields (the
     * variant they select when the URL's responses vary), or empty when none (or the tier could
     * not say).
     */
    Mono<Copy> read(String cacheKey, RequestFields request);

    /** Keeps {@code response} (stored in memory by a fill that started at {@code filledAt}), in the background. */
    void write(String cacheKey, StoredResponse response, long filledAt);

    /** Removes what is kept under {@code cacheKey}; completes when done or given up. */
    Mono<Void> remove(String cacheKey);

    /** Removes every copy whose cache key starts with {@code prefix}; completes when done or given up. */
    Mono<Void> removePrefix(String prefix);

    /** Removes every copy that carries the surrogate key {@code tag}; completes when done or given up. */
    Mono<Void> removeTag(String tag);

    /** Whether a tier is configured at all. */
    boolean enabled();

    /** Completes once every write started before the call is done (written, failed or given up). */
    Mono<Void> writesSettled();

    /** No tier: every read a miss, every write nothing. */
    ResponseTier NONE = new ResponseTier() {
        @Override
        public Mono<Copy> read(String cacheKey, RequestFields request) {
            return Mono.empty();
        }

        @Override
        public void write(String cacheKey, StoredResponse response, long filledAt) {
        }

        @Override
        public Mono<Void> remove(String cacheKey) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> removePrefix(String prefix) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> removeTag(String tag) {
            return Mono.empty();
        }

        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Mono<Void> writesSettled() {
            return Mono.empty();
        }
    };
}
