package dev.geocdn.node.proxy;

import dev.geocdn.cache.store.StoredResponse;
import dev.geocdn.protocol.http.AheadOfClients;

import java.util.List;

/**
 * What the data plane tells those who act ahead of clients (the prefetcher, the tier's popularity
 * record): requests as they arrive (hits answered ahead of the codec included), the playlist a
 * prefetch says its URL belongs to, and responses as they are stored from a fill. Called on
 * event loops, on every request: an implementation hands anything slow off, and allocates nothing
 * on the common path.
 */
public interface RequestHooks {

    /**
     * {@link AheadOfClients#FIELD}: requests that carry it take the codec path (so that it is
     * read) and set off no prefetch.
     */
    String PREFETCH_FIELD = AheadOfClients.FIELD;

    /** Nothing prefetched: every hook does nothing. */
    RequestHooks NONE = new RequestHooks() {
        @Override
        public void requested(String cacheKey) {
        }

        @Override
        public void hinted(String cacheKey, String playlistUrl) {
        }

        @Override
        public void stored(String cacheKey, StoredResponse response, boolean fromOrigin) {
        }
    };

    /** All of {@code hooks}, in order; {@link #NONE} for none. */
    static RequestHooks all(List<RequestHooks> hooks) {
        List<RequestHooks> active = hooks.stream().filter(h -> h != NONE).toList();
        if (active.isEmpty()) {
            return NONE;
        }
        if (active.size() == 1) {
            return active.get(0);
        }
        return new RequestHooks() {
            @Override
            public void requested(String cacheKey) {
                for (RequestHooks hook : active) {
                    hook.requested(cacheKey);
                }
            }

            @Override
            public void hinted(String cacheKey, String playlistUrl) {
                for (RequestHooks hook : active) {
                    hook.hinted(cacheKey, playlistUrl);
                }
            }

            @Override
            public void stored(String cacheKey, StoredResponse response, boolean fromOrigin) {
                for (RequestHooks hook : active) {
                    hook.stored(cacheKey, response, fromOrigin);
                }
            }
        };
    }

    /** A GET or HEAD of {@code cacheKey} from a client arrived, whatever is answered. */
    void requested(String cacheKey);

    /** A prefetch of {@code cacheKey} named the playlist it belongs to ({@link #PREFETCH_FIELD}). */
    void hinted(String cacheKey, String playlistUrl);

    /**
     * {@code response} was stored under {@code cacheKey} by a fill or a revalidation: from the
     * origin, or from a parent region's node ({@code fromOrigin} false).
     */
    void stored(String cacheKey, StoredResponse response, boolean fromOrigin);
}
