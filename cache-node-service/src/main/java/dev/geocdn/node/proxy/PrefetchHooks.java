package dev.geocdn.node.proxy;

import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.protocol.http.AheadOfClients;

/**
 * What the data plane tells a prefetcher: requests as they arrive (hits answered ahead of the
 * codec included), the playlist a request says its URL belongs to, and responses as they are
 * stored from the origin. Called on event loops: an implementation hands anything slow off.
 */
public interface PrefetchHooks {

    /**
     * {@link AheadOfClients#FIELD}: requests that carry it take the codec path (so that it is
     * read) and set off no prefetch.
     */
    String PREFETCH_FIELD = AheadOfClients.FIELD;

    /** Nothing prefetched: every hook does nothing. */
    PrefetchHooks NONE = new PrefetchHooks() {
        @Override
        public void requested(String cacheKey) {
        }

        @Override
        public void hinted(String cacheKey, String playlistUrl) {
        }

        @Override
        public void stored(String cacheKey, StoredResponse response) {
        }
    };

    /** A GET or HEAD of {@code cacheKey} arrived, whatever is answered. */
    void requested(String cacheKey);

    /** A prefetch of {@code cacheKey} named the playlist it belongs to ({@link #PREFETCH_FIELD}). */
    void hinted(String cacheKey, String playlistUrl);

    /** {@code response} was stored under {@code cacheKey} from the origin (a fill or a revalidation). */
    void stored(String cacheKey, StoredResponse response);
}
